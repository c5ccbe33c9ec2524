/* Browser-side callbacks of the dashboard (kept in a file: the content security policy
   allows no inline scripts). */
window.dash_clientside = window.dash_clientside || {};
window.dash_clientside.armsdash = {
    /* Write the view's query string into the address bar without reloading. */
    syncUrl: function (search) {
        if (search && window.location.search !== search) {
            window.history.replaceState(window.history.state, "",
                                        window.location.pathname + search);
        }
        return window.dash_clientside.no_update;
    },
    /* Save the chart of a dcc.Graph as PNG or SVG, named after what the figure shows
       (layout.meta.filename, set with the figure), else its image button options. */
    saveImage: function (n, graphId, config, format) {
        if (!n) { return window.dash_clientside.no_update; }
        var holder = document.getElementById(graphId);
        var gd = holder && (holder.classList.contains("js-plotly-plot") ? holder :
                            holder.querySelector(".js-plotly-plot"));
        var options = (config && config.toImageButtonOptions) || {};
        var meta = gd && gd.layout && gd.layout.meta;
        var named = meta && typeof meta.filename === "string" ? meta.filename : "";
        if (gd && window.Plotly) {
            window.Plotly.downloadImage(gd, {format: format,
                                             filename: named || options.filename || "chart",
                                             width: 1000, height: gd.offsetHeight || 420});
        }
        return window.dash_clientside.no_update;
    },
    /* The view, passed on only while a chart's data table is open (a folded table is not
       filled: the server is not asked). */
    whileOpen: function (isOpen, search) {
        return isOpen === true ? search : window.dash_clientside.no_update;
    },
    /* Open or close the navbar's links on a narrow screen; a new page closes them. */
    toggleNav: function (n, pathname, isOpen) {
        var fired = (window.dash_clientside.callback_context.triggered || [])[0] || {};
        if (String(fired.prop_id || "").indexOf("pathname") >= 0) { return false; }
        return n ? !isOpen : window.dash_clientside.no_update;
    },
    /* Show or hide a page's view settings on a narrow screen (class "open"). */
    toggleSettings: function (n, className) {
        if (!n) { return window.dash_clientside.no_update; }
        var names = (className || "").split(" ").filter(Boolean);
        var at = names.indexOf("open");
        if (at >= 0) { names.splice(at, 1); } else { names.push("open"); }
        return names.join(" ");
    },
    png: function (n, graphId, config) {
        return window.dash_clientside.armsdash.saveImage(n, graphId, config, "png");
    },
    svg: function (n, graphId, config) {
        return window.dash_clientside.armsdash.saveImage(n, graphId, config, "svg");
    }
};
