/* IEP Guide embed view: report this page's height to the page that frames it.
 *
 * Sends {type: "iep-guide:height", height: N, id: "<view id>"} to the parent window on load, when the
 * content or the window size changes (ResizeObserver), and when the parent's loader asks with
 * {type: "iep-guide:ping"}. The height is no secret, so any parent may read it; embed-loader.js on the
 * host page checks that the message comes from this site before it resizes the frame.
 * Without a parent (the view opened on its own) it does nothing. MIT licence.
 */
(function () {
  "use strict";
  var root = document.querySelector("[data-iep-embed]");
  if (!root || window.parent === window) return;
  var id = root.getAttribute("data-iep-embed");
  var last = -1;

  function report(always) {
    var style = getComputedStyle(root);
    var height = Math.ceil(root.getBoundingClientRect().height +
      parseFloat(style.marginTop) + parseFloat(style.marginBottom));
    if (height === last && !always) return;
    last = height;
    window.parent.postMessage({ type: "iep-guide:height", height: height, id: id }, "*");
  }

  if ("ResizeObserver" in window) {
    new ResizeObserver(function () { report(false); }).observe(root);
  }
  window.addEventListener("resize", function () { report(false); });
  window.addEventListener("load", function () { report(true); });
  window.addEventListener("message", function (event) {
    var data = event.data;
    if (event.source === window.parent && data && data.type === "iep-guide:ping") report(true);
  });
  report(true);
})();
