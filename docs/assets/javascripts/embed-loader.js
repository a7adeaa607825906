/* IEP Guide embed loader: fit each IEP Guide iframe on this page to the height of its content.
 *
 * Include it once on a page that embeds IEP Guide views:
 *   <script src="https://<the site>/assets/javascripts/embed-loader.js" async></script>
 * It accepts a message only from one of this page's iframes whose address is an embed view of the site
 * this script was loaded from (the script's own origin, and a path below the site's embed/ folder),
 * sent from that origin or, when the frame is sandboxed, from its opaque origin ("null"), and shaped
 * {type: "iep-guide:height", height: <number up to 30000>, id: <text>}; then it sets that iframe's height.
 * A frame it has fitted cannot scroll, so an in-page link in it sends {type: "iep-guide:scroll", top: <number
 * up to 30000>, id: <text>}, and the page scrolls to bring that point of the frame to the top of the window.
 * Without it every iframe still works, with its own scroll bar. No dependencies. MIT licence.
 */
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script || !script.src) return;
  var self = new URL(script.src, document.baseURI);
  var origin = self.origin;
  var views = self.pathname.replace(/assets\/javascripts\/embed-loader\.js$/, "") + "embed/";
  var installed = window.__iepGuideEmbedLoaders = window.__iepGuideEmbedLoaders || {};
  var MAX_HEIGHT = 30000;

  function frames() {
    return Array.prototype.filter.call(document.getElementsByTagName("iframe"), function (frame) {
      try {
        var address = new URL(frame.src, document.baseURI);
        return address.origin === origin && address.pathname.indexOf(views) === 0;
      } catch (error) {
        return false;
      }
    });
  }

  function number(value, least) {
    return typeof value === "number" && isFinite(value) && value >= least && value <= MAX_HEIGHT;
  }

  function valid(data) {
    return data !== null && typeof data === "object" && typeof data.id === "string" &&
      ((data.type === "iep-guide:height" && number(data.height, 0) && data.height > 0) ||
       (data.type === "iep-guide:scroll" && number(data.top, 0)));
  }

  // With box-sizing: border-box (common in site styles) the height includes the frame's border and padding.
  function edges(frame) {
    var style = getComputedStyle(frame);
    if (style.boxSizing !== "border-box") return 0;
    return ["borderTopWidth", "borderBottomWidth", "paddingTop", "paddingBottom"].reduce(function (sum, name) {
      return sum + (parseFloat(style[name]) || 0);
    }, 0);
  }

  function onMessage(event) {
    if ((event.origin !== origin && event.origin !== "null") || !valid(event.data)) return;
    frames().forEach(function (frame) {
      if (frame.contentWindow !== event.source) return;
      if (event.data.type === "iep-guide:height") {
        frame.style.height = Math.ceil(event.data.height + edges(frame)) + "px";
      } else {
        var top = frame.getBoundingClientRect().top + window.pageYOffset + frame.clientTop + event.data.top;
        window.scrollTo(window.pageXOffset, Math.max(0, Math.round(top)));
      }
    });
  }

  if (!installed[origin]) {
    installed[origin] = true;
    window.addEventListener("message", onMessage);
  }
  // Frames that loaded before this script ran have already reported; ask them again. The ping holds
  // no data, and a frame that is still blank would refuse a message addressed to the site's origin.
  frames().forEach(function (frame) {
    if (frame.contentWindow) frame.contentWindow.postMessage({ type: "iep-guide:ping" }, "*");
  });
})();
