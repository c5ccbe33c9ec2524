/* Deal grid: reload the rows of an infinite-model grid when its view changes. */
window.dash_clientside = Object.assign({}, window.dash_clientside, {
    armsdash_deals: {
        refresh: function (query, search, highlight, gridId) {
            if (window.dash_ag_grid && gridId) {
                window.dash_ag_grid.getApiAsync(gridId).then(function (api) {
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
