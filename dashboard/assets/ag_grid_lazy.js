/* AG Grid's code (dash_ag_grid's 1.3 MB script, then its 0.9 MB grid chunk) loaded only
   when a page draws a grid. The server leaves the script out of the page and names it in
   the meta tag "armsdash-ag-grid" (see dashboard/serving/dash_internals.py, defer_script);
   until it has loaded, this stands in for its namespace: an AgGrid drawn loads it, and
   is drawn with it as soon as it is there; Dash, asking whether the grid's code is ready
   before a grid's callback, gets a promise that loads it. */
(function () {
    'use strict';
    var meta = document.querySelector('meta[name="armsdash-ag-grid"]');
    if (!meta || window.dash_ag_grid) {
        return;
    }
    var src = meta.getAttribute('content');
    var React = window.React;
    var real = null;
    var loading = null;
    var stub = {};

    function load() {
        if (!loading) {
            loading = new Promise(function (resolve, reject) {
                var script = document.createElement('script');
                script.src = src;
                script.onload = function () {
                    real = window.dash_ag_grid;
                    window.dash_ag_grid = stub;  // the same AgGrid for every later draw
                    resolve(real);
                };
                script.onerror = function () {
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
        return React.createElement(React.Suspense, {fallback: null},
                                   React.createElement(Grid, props));
    }

    Object.defineProperty(AgGrid, '_dashprivate_isLazyComponentReady', {
        get: function () {
            return real ? true : load().then(function () { return true; });
        }
    });
    stub.AgGrid = AgGrid;
    stub.getApi = function (id) {
        if (!real) {
            throw new Error('AG Grid has not loaded yet');
        }
        return real.getApi(id);
    };
    stub.getApiAsync = function (id) {
        return load().then(function (ns) { return ns.getApiAsync(id); });
    };
    window.dash_ag_grid = stub;
}());
