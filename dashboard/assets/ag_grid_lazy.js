/* AG Grid's code (dash_ag_grid's 1.3 MB script, then its 0.9 MB grid chunk) loaded only
   when a grid comes near the view (a deal grid under seven charts is not drawn with the
   first view). The server leaves the script out of the page and names it in the meta tag
   "armsdash-ag-grid" (see dashboard/serving/dash_internals.py, defer_script); this stands
   in for its namespace: an AgGrid is a box of its size (near_view.js) until it comes near
   the view, then loads the code and is drawn with it, with every prop Dash gave it
   meanwhile. Dash's callbacks of a grid not drawn yet run as usual (their props wait in
   the box); getApiAsync answers once the grid is drawn, and `drawn(id)` says whether it
   is. */
(function () {
    'use strict';
    var meta = document.querySelector('meta[name="armsdash-ag-grid"]');
    if (!meta || window.dash_ag_grid) {
        return;
    }
    var src = meta.getAttribute('content');
    var React = window.React;
    var BOX_HEIGHT = '400px';  // of a grid's box where its style gives no height
    var real = null;
    var loading = null;
    var markLoaded = null;
    var failed = false;
    /* resolved with AG Grid's namespace once a grid has loaded it; waiting on it loads
       nothing */
    var loaded = new Promise(function (resolve) { markLoaded = resolve; });
    var stub = {};

    function load() {
        if (!loading) {
            loading = new Promise(function (resolve, reject) {
                var script = document.createElement('script');
                script.src = src;
                script.onload = function () {
                    real = window.dash_ag_grid;
                    window.dash_ag_grid = stub;  // the same AgGrid for every later draw
                    markLoaded(real);
                    resolve(real);
                };
                script.onerror = function () {
                    failed = true;
                    reject(new Error('AG Grid did not load from ' + src));
                };
                document.head.appendChild(script);
            });
        }
        return loading;
    }

    var Grid = React.lazy(function () {
        return load().then(function (ns) { return {default: ns.AgGrid}; });
    });

    function AgGrid(props) {
        var near = window.armsdash_near;
        var ref = React.useRef(null);
        var shown = near.useNear(ref, load);
        if (!shown) {
            return near.pendingBox(ref, props, BOX_HEIGHT);
        }
        return React.createElement(React.Suspense,
                                   {fallback: near.pendingBox(null, props, BOX_HEIGHT)},
                                   React.createElement(Grid, props));
    }

    stub.AgGrid = AgGrid;
    stub.getApi = function (id) {
        if (!real) {
            throw new Error('AG Grid has not loaded yet');
        }
        return real.getApi(id);
    };
    stub.getApiAsync = function (id) {
        return loaded.then(function (ns) { return ns.getApiAsync(id); });
    };
    /* Where AG Grid's code is: 'not asked for', 'loading', 'loaded' or 'failed'. */
    stub.codeState = function () {
        return failed ? 'failed' : real ? 'loaded' : loading ? 'loading' : 'not asked for';
    };
    stub.drawn = function (id) {
        var box = document.getElementById(id);
        return Boolean(real && box && !box.classList.contains(window.armsdash_near.PENDING));
    };
    window.dash_ag_grid = stub;
}());
