/* Charts and grids drawn when they come near the view. A page holds up to seven charts
   and a deal grid, of which the first view shows one or two: drawing the rest at once
   took most of the time before the page could be used. Each dcc.Graph (and each AgGrid,
   see ag_grid_lazy.js) is a box of its own size, holding its id, until it comes within
   NEAR of the viewport; then the real component takes its place with every prop Dash
   gave it meanwhile, and stays. A box that is not shown (display: none) is never near.
   Printing draws every box first.

   A dropdown's options are likewise given to it only once the analyst first points at,
   focuses or types on it; until then it holds only its chosen options, which it shows.
   On every new list of options dcc's dropdown builds a search index of all of them: for
   a release's 290 countries, about 0.1 s of each page's first view, for a list nobody
   may open.

   dcc's script, which comes after the assets, sets window.dash_core_components: the
   setter below takes its namespace and puts the near-view Graph and the Dropdown with
   options when used in it (the test tests/e2e/test_near_view_browser.py fails if dcc
   changes how it does that). */
(function () {
    'use strict';
    var NEAR = '100px 0px';  // a box this close below (or above) the view is drawn
    var PENDING = 'near-view-pending';  // the class of a box not drawn yet
    var React = window.React;
    var ReactDOM = window.ReactDOM;
    var printing = [];  // what draws each box still pending, for printing

    window.addEventListener('beforeprint', function () {
        printing.slice().forEach(function (draw) { ReactDOM.flushSync(draw); });
    });

    /* Whether the element of `ref` has come near the view (true from then on); `onNear`
       is called once when it does. */
    function useNear(ref, onNear) {
        var state = React.useState(typeof window.IntersectionObserver !== 'function');
        var near = state[0];
        var setNear = state[1];
        React.useEffect(function () {
            if (near) { return undefined; }
            var draw = function () { setNear(true); };
            var observer = new window.IntersectionObserver(function (entries) {
                if (entries.some(function (e) { return e.isIntersecting; })) { draw(); }
            }, {rootMargin: NEAR});
            observer.observe(ref.current);
            printing.push(draw);
            return function () {
                observer.disconnect();
                printing.splice(printing.indexOf(draw), 1);
            };
        }, [near]);
        React.useEffect(function () {
            if (near && onNear) { onNear(); }
        }, [near]);
        return near;
    }

    /* The box standing in for a component not drawn yet: its id, class and size (its
       style's height, else `height`). */
    function pendingBox(ref, props, height) {
        var style = Object.assign({width: '100%'}, props.style || {});
        if (!style.height) {
            style.height = height;
        }
        return React.createElement('div', {
            id: props.id, ref: ref, style: style, 'aria-busy': 'true',
            className: [PENDING, props.className || ''].join(' ').trim()
        });
    }

    /* The height a chart will have: its style's, else its figure's, else Plotly's 450. */
    function chartHeight(props) {
        var layout = (props.figure && props.figure.layout) || {};
        return typeof layout.height === 'number' ? layout.height + 'px' : '450px';
    }

    /* The options of a Dash options list (a list of options, values, or an object of
       value: label) whose value is among `chosen` (a value or a list of them). */
    function chosenOptions(options, chosen) {
        var values = Array.isArray(chosen) ? chosen : [chosen];
        if (!options || typeof options !== 'object') { return options; }
        if (!Array.isArray(options)) {
            return Object.keys(options).filter(function (v) { return values.indexOf(v) >= 0; })
                .reduce(function (out, v) { out[v] = options[v]; return out; }, {});
        }
        return options.filter(function (o) {
            var value = (o !== null && typeof o === 'object') ? o.value : o;
            return values.indexOf(value) >= 0;
        });
    }

    /* Dash's static properties of `Real` (prop types, persistence, whether its code has
       loaded) on `Wrapper`, so Dash treats both alike. */
    function sameStatics(Wrapper, Real) {
        Object.getOwnPropertyNames(Real).forEach(function (name) {
            if (['length', 'name', 'prototype', 'caller', 'arguments'].indexOf(name) < 0) {
                Object.defineProperty(Wrapper, name, Object.getOwnPropertyDescriptor(Real, name));
            }
        });
        return Wrapper;
    }

    /* A dropdown given its options only once first used, its chosen ones until then. */
    function optionsWhenUsed(Real) {
        function WhenUsed(props) {
            var state = React.useState(false);
            var used = state[0];
            var use = state[1];
            var chosen = React.useMemo(function () {
                return chosenOptions(props.options, props.value);
            }, [props.options, props.value]);
            var shown = used ? props : Object.assign({}, props, {options: chosen});
            var mark = function () { if (!used) { use(true); } };
            var given = shown.options;
            return React.createElement('div', {
                className: 'options-when-used', style: {display: 'contents'},
                'data-options': given && typeof given === 'object' ? Object.keys(given).length
                                                                   : 0,
                onPointerDownCapture: mark, onFocusCapture: mark, onKeyDownCapture: mark
            }, React.createElement(Real, shown));
        }
        return sameStatics(WhenUsed, Real);
    }

    /* `Real` drawn when near the view, in a box at least as tall as it will be (a chart
       has no height until Plotly has drawn it: the boxes below would move up, come near
       and be drawn too). Dash reads the same static properties (prop types, persistence,
       whether its code has loaded) on both. */
    function nearView(Real, height) {
        function Near(props) {
            var ref = React.useRef(null);
            var near = useNear(ref);
            var size = height(props);
            return React.createElement('div', {className: 'near-view', style: {minHeight: size}},
                                       near ? React.createElement(Real, props)
                                            : pendingBox(ref, props, size));
        }
        return sameStatics(Near, Real);
    }

    var dcc;
    Object.defineProperty(window, 'dash_core_components', {
        configurable: true,
        enumerable: true,
        get: function () { return dcc; },
        set: function (namespace) {
            dcc = Object.assign({}, namespace);
            if (typeof namespace.Graph === 'function') {
                dcc.Graph = nearView(namespace.Graph, chartHeight);
            }
            if (typeof namespace.Dropdown === 'function') {
                dcc.Dropdown = optionsWhenUsed(namespace.Dropdown);
            }
        }
    });

    window.armsdash_near = {useNear: useNear, pendingBox: pendingBox, PENDING: PENDING,
                            chosenOptions: chosenOptions};
}());
