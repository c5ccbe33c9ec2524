/* Deal grid: reload the rows of an infinite-model grid when its view changes (a grid not
   drawn yet fetches them when it is). */
window.dash_clientside = Object.assign({}, window.dash_clientside, {
    armsdash_deals: {
        refresh: function (query, search, highlight, gridId) {
            var grids = window.dash_ag_grid;
            if (grids && gridId && (!grids.drawn || grids.drawn(gridId))) {
                grids.getApiAsync(gridId).then(function (api) {
                    if (api.paginationGetCurrentPage() > 0) {
                        api.paginationGoToFirstPage();
                    }
                    api.purgeInfiniteCache();
                });
            }
            return Date.now();
        }
    }
});
