/* Keyboard use of the controls (Dash 4 components leave two gaps):
   - Dropdowns: typing on a closed dropdown opens it and searches, but a dropdown opened
     with Enter, Space or a click puts the focus on an option, where typing did nothing.
     Typing there now goes on in the dropdown's search box, which filters the options
     (Enter picks the first). A dropdown without a search box jumps to the first option
     whose label starts with what was typed (type-ahead); Enter or Space picks it.
   - Typed years of a range slider applied only when the box lost focus (Tab). Enter
     applies them, and so does a pause in typing once the box holds a whole year. */
(function () {
    "use strict";
    var YEAR_PAUSE_MS = 800;
    var TYPEAHEAD_RESET_MS = 700;
    var buffer = "";
    var bufferTimer = null;

    function printable(event) {
        return event.key && event.key.length === 1 && !event.ctrlKey && !event.metaKey &&
            !event.altKey && event.key !== " ";
    }

    function setInputValue(input, value) {
        /* React controls the search box: set its value through the native setter and
           announce the change so React's state follows. */
        var setter = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, "value").set;
        setter.call(input, value);
        input.dispatchEvent(new Event("input", {bubbles: true}));
    }

    function options(content) {
        return Array.prototype.slice.call(
            content.querySelectorAll(".dash-options-list-option"));
    }

    function typeAhead(content, key) {
        buffer += key.toLowerCase();
        clearTimeout(bufferTimer);
        bufferTimer = setTimeout(function () { buffer = ""; }, TYPEAHEAD_RESET_MS);
        var match = options(content).filter(function (o) {
            return o.textContent.trim().toLowerCase().indexOf(buffer) === 0;
        })[0];
        if (match) {
            var target = match.querySelector("input") || match;
            target.focus();
            match.scrollIntoView({block: "nearest"});
        }
    }

    function intoContent(content, event) {
        var search = content.querySelector("input.dash-dropdown-search");
        if (search) {
            if (event.target === search) { return; }
            event.preventDefault();
            search.focus();
            setInputValue(search, search.value + event.key);
        } else {
            event.preventDefault();
            typeAhead(content, event.key);
        }
    }

    document.addEventListener("keydown", function (event) {
        var target = event.target;
        if (!(target instanceof Element)) { return; }
        var content = target.closest(".dash-dropdown-content");
        if (content && printable(event)) {
            intoContent(content, event);
            return;
        }
        if (target.matches("input.dash-range-slider-input") && event.key === "Enter") {
            event.preventDefault();
            applyYear(target);
        }
    }, true);

    function applyYear(input) {
        /* The slider takes a typed year when its box loses focus: blur and focus again. */
        input.blur();
        input.focus();
    }

    var yearTimers = new WeakMap();
    document.addEventListener("input", function (event) {
        var input = event.target;
        if (!(input instanceof HTMLInputElement) ||
                !input.matches("input.dash-range-slider-input")) { return; }
        clearTimeout(yearTimers.get(input));
        if (!/^\d{4}$/.test(input.value)) { return; }
        yearTimers.set(input, setTimeout(function () {
            if (document.activeElement === input) { applyYear(input); }
        }, YEAR_PAUSE_MS));
    }, true);
}());
