// Folded exercise solutions (<details>) are opened on the print page and
// whenever the reader prints, so the PDF and paper copies contain them.
(function () {
    "use strict";
    function openAll() {
        document.querySelectorAll("details").forEach(function (details) {
            details.open = true;
        });
    }
    if (/(^|\/)print\.html$/.test(window.location.pathname)) {
        openAll();
    }
    window.addEventListener("beforeprint", openAll);
})();
