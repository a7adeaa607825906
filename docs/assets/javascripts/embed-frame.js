/* IEP Guide embed view: fit in the page that frames it, in whatever frame the host gives it.
 *
 * - Theme: ?theme=dark, ?theme=light or ?theme=auto (follows the reader's system setting) in the frame's
 *   address. Runs before the content is drawn (the script is the first thing in <body>), so nothing flashes.
 * - Height: sends {type: "iep-guide:height", height: N, id: "<view id>"} to the parent window (read by
 *   embed-loader.js) on load, whenever the content or the window changes size (ResizeObserver), and when
 *   the loader asks with {type: "iep-guide:ping"}. The height is no secret, so any parent may read it.
 * - WordPress: WordPress frames an oEmbed from an unknown site as <iframe sandbox="allow-scripts"
 *   src="...#?secret=abc" data-secret="abc"> and sizes it from {message: "height", value: N, secret}
 *   (wp-includes/js/wp-embed.js). The view reads the secret from its address and sends that message too,
 *   again when WordPress says {message: "ready", secret}.
 * - Links: a link to another page opens in a new tab. Where the frame may not open one (a sandbox without
 *   allow-popups, as WordPress makes), it asks WordPress to open it ({message: "link", value, secret}:
 *   WordPress follows links to this site only) and shows the address beside the link, selected, to copy.
 * - In-page links (#...) and the skip link stay in the frame: the frame scrolls to the target; where the
 *   loader has made the frame as tall as its content, the loader scrolls the host page to it
 *   ({type: "iep-guide:scroll", top: N, id}).
 * Opened on its own (no parent), the view only applies the theme. No storage, no cookies, no requests.
 * MIT licence.
 */
(function () {
  "use strict";

  var body = document.body;
  var theme = /[?&]theme=(dark|light|auto)(?:&|$)/.exec(window.location.search);
  var dark = window.matchMedia ? window.matchMedia("(prefers-color-scheme: dark)") : null;

  function applyTheme() {
    var wantsDark = theme[1] === "dark" || (theme[1] === "auto" && dark !== null && dark.matches);
    body.setAttribute("data-md-color-scheme", wantsDark ? "slate" : "default");
  }

  if (body && theme) {
    applyTheme();
    if (theme[1] === "auto" && dark !== null) {
      if (dark.addEventListener) dark.addEventListener("change", applyTheme);
      else if (dark.addListener) dark.addListener(applyTheme);
    }
  }

  var framed = window.parent !== window;
  // WordPress appends "#?secret=<letters and digits>" to the frame's address. Read it once: an in-page
  // link changes the address's fragment later.
  var secretMatch = /^#\?(?:.*&)?secret=([A-Za-z0-9]{1,64})(?:&|$)/.exec(window.location.hash);
  var secret = secretMatch ? secretMatch[1] : null;

  function start() {
    var root = document.querySelector("[data-iep-embed]");
    if (!root || !framed) return;
    var id = root.getAttribute("data-iep-embed");
    var last = -1;

    function tell(message) {
      window.parent.postMessage(message, "*");
    }

    function height() {
      var style = window.getComputedStyle(root);
      return Math.ceil(root.getBoundingClientRect().height + parseFloat(style.marginTop) + parseFloat(style.marginBottom));
    }

    function report(always) {
      var value = height();
      if (value === last && !always) return;
      last = value;
      tell({ type: "iep-guide:height", height: value, id: id });
      if (secret) tell({ message: "height", value: value, secret: secret });
    }

    function showAddress(link, url) {
      var next = link.nextElementSibling;
      var box = next && next.classList.contains("iep-embed__address") ? next : null;
      if (!box) {
        box = document.createElement("span");
        box.className = "iep-embed__address";
        box.setAttribute("role", "status");
        var label = document.createElement("label");
        label.textContent = (document.querySelector("[data-iep-no-links]") || document.body).getAttribute("data-iep-no-links") || "";
        var field = document.createElement("input");
        field.type = "text";
        field.readOnly = true;
        field.value = url;
        field.size = Math.min(url.length, 60);
        label.appendChild(field);
        box.appendChild(label);
        link.parentNode.insertBefore(box, link.nextSibling);
      }
      var input = box.querySelector("input");
      input.focus();
      input.select();
    }

    function open(link, event) {
      var url = link.href;
      var opened = null;
      event.preventDefault();
      try {
        opened = window.open(url, "_blank");
      } catch (error) {
        opened = null;
      }
      if (opened) {
        try {
          opened.opener = null;
        } catch (error) { /* nothing to undo */ }
        return;
      }
      // No new tab allowed here. WordPress opens links to this site in the top window when asked.
      if (secret) tell({ message: "link", value: url, secret: secret });
      showAddress(link, url);
    }

    function inPage(link) {
      var name = link.getAttribute("href").slice(1);
      var target = null;
      try {
        target = name ? document.getElementById(decodeURIComponent(name)) : null;
      } catch (error) {
        target = null;
      }
      if (!target) return;
      // The browser scrolls the frame itself (a frame shorter than its content); a frame the loader made
      // as tall as its content cannot scroll, so ask the host page to bring the target into view.
      window.setTimeout(function () {
        var top = Math.max(0, Math.round(target.getBoundingClientRect().top + window.pageYOffset));
        tell({ type: "iep-guide:scroll", top: top, id: id });
        // Move focus only while it still rests on the link (or nowhere) in this frame: a reader who has
        // pressed Tab on, perhaps out of the frame, is not pulled back.
        var active = document.activeElement;
        var resting = !active || active === link || active === document.body;
        if (document.hasFocus() && resting && target.matches("a[href], [tabindex]")) target.focus({ preventScroll: true });
      }, 0);
    }

    document.addEventListener("click", function (event) {
      if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
      var link = event.target && event.target.closest ? event.target.closest("a[href]") : null;
      if (!link) return;
      if (link.getAttribute("href").charAt(0) === "#") inPage(link);
      else if (link.target === "_blank") open(link, event);
    });

    if ("ResizeObserver" in window) {
      new window.ResizeObserver(function () { report(false); }).observe(root);
    }
    window.addEventListener("resize", function () { report(false); });
    window.addEventListener("load", function () { report(true); });
    window.addEventListener("message", function (event) {
      var data = event.data;
      if (event.source !== window.parent || !data || typeof data !== "object") return;
      if (data.type === "iep-guide:ping" || (secret && data.message === "ready" && data.secret === secret)) report(true);
    });
    report(true);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
