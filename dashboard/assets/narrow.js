/* Narrow screens (phones, below Bootstrap's md breakpoint of 768 px). Charts: a title
   and a source line that no longer fit are wrapped onto several lines (they keep their
   units and the SIPRI release), and a legend at the side, which would take half the
   width, goes above the plot as rows. Applied after every draw of a chart (Dash redraws
   with Plotly.react, which drops a previous relayout). Lists of undated events start
   folded. Nothing changes on wider screens. */
(function () {
    "use strict";
    var NARROW = window.matchMedia("(max-width: 767.98px)");
    var CHAR_PX = 8;        // a character of a 15 px title, roughly
    var SOURCE_CHAR_PX = 6; // of the 10 px source line
    var LINE_PX = 18;       // a line of title or legend
    var PLOT_PX = 260;      // the plot area itself

    function wrap(text, limit) {
        /* Words of text (its <br> breaks undone) in lines of at most limit characters. */
        var words = String(text).replace(/<br>/g, " ").split(/\s+/);
        var lines = [];
        var line = "";
        words.forEach(function (word) {
            if (line && (line + " " + word).length > limit) {
                lines.push(line);
                line = word;
            } else {
                line = line ? line + " " + word : word;
            }
        });
        if (line) { lines.push(line); }
        return lines.join("<br>");
    }

    function narrowUpdate(gd) {
        /* The relayout a chart needs to fit a narrow screen ({} where it fits): the title
           wrapped, the source line moved under it (wrapped), the legend below the plot,
           the chart taller by what they take. */
        var layout = gd.layout || {};
        if (layout._armsdashNarrow) { return {}; }
        var width = gd.clientWidth || window.innerWidth;
        var update = {"_armsdashNarrow": true, "margin.l": 50, "margin.r": 10};
        var title = (layout.title && layout.title.text) || "";
        var lines = 0;
        var text = "";
        if (title) {
            text = wrap(title, Math.max(20, Math.floor(width / CHAR_PX)));
            lines += text.split("<br>").length;
        }
        (layout.annotations || []).forEach(function (note, i) {
            if (note.name !== "source" || note.visible === false) { return; }
            var source = wrap(note.text, Math.max(30, Math.floor(width / SOURCE_CHAR_PX)));
            text += (text ? "<br>" : "") + "<span style=\"font-size:10px;color:#555\">" +
                source.split("<br>").join("</span><br><span style=\"font-size:10px;" +
                                           "color:#555\">") + "</span>";
            lines += source.split("<br>").length;
            update["annotations[" + i + "].visible"] = false;
        });
        if (text) {
            update["title.text"] = text;
            update["title.yref"] = "container";
            update["title.y"] = 1;
            update["title.yanchor"] = "top";
            update["title.pad"] = {t: 36};  // below the card's export buttons
            update["margin.t"] = 52 + LINE_PX * lines;
        }
        var entries = (gd.data || []).filter(function (t) {
            return t.showlegend !== false && t.name && t.visible !== false &&
                t.yaxis !== "y2";
        }).length;
        var rows = 0;
        if (layout.showlegend !== false && entries > 0) {
            rows = entries;  // one entry a row: the names stay whole
            update["legend.orientation"] = "h";
            update["legend.x"] = 0;
            update["legend.xanchor"] = "left";
            update["legend.xref"] = "container";
            update["legend.y"] = 0;
            update["legend.yref"] = "container";
            update["legend.yanchor"] = "bottom";
            update["margin.b"] = 70 + LINE_PX * rows;
        }
        update.height = Math.max(layout.height || 0, PLOT_PX + LINE_PX * (lines + rows) + 94);
        return update;
    }

    function fit(gd) {
        if (!NARROW.matches || gd._armsdashFitting || !window.Plotly) { return; }
        var update = narrowUpdate(gd);
        if (!Object.keys(update).length) { return; }
        var height = update.height;
        delete update.height;
        gd._armsdashFitting = true;
        var done = function () { gd._armsdashFitting = false; };
        /* Plotly sizes a chart to its box on every relayout: make the box taller first. */
        gd.style.height = height + "px";
        if (gd.parentElement) { gd.parentElement.style.height = height + "px"; }
        update.height = height;
        window.Plotly.relayout(gd, update).then(done, done);
    }

    function hook(gd) {
        if (gd._armsdashNarrowHooked || typeof gd.on !== "function") { return; }
        gd._armsdashNarrowHooked = true;
        /* After Dash's graph has finished sizing itself (it resizes once drawn). */
        gd.on("plotly_afterplot", function () { setTimeout(function () { fit(gd); }, 300); });
        setTimeout(function () { fit(gd); }, 300);
    }

    function hookAll() {
        document.querySelectorAll(".js-plotly-plot").forEach(hook);
        if (!NARROW.matches) { return; }
        /* Lists beside the charts start folded, so the first chart is near the top. */
        document.querySelectorAll("details.undated-list:not([data-folded])").forEach(
            function (list) { list.dataset.folded = "1"; list.open = false; });
    }

    var pending = false;
    new MutationObserver(function () {
        if (pending) { return; }
        pending = true;
        window.requestAnimationFrame(function () { pending = false; hookAll(); });
    }).observe(document.documentElement, {childList: true, subtree: true});
}());
