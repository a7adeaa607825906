/* What the site's other scripts share. It loads first (mkdocs.yml, extra_javascript) and gives them
 * window.iepSite:
 *
 * - config(): the page's config block (Material's #__config: the site's base, the words of its
 *   language from macros/words.py), read once;
 * - word(key): one of those words, or the key when the page has none;
 * - announce(status, message): says a message in a status line (role="status"); said twice in a row,
 *   it gets a trailing no-break space, so that screen readers say it again;
 * - copy(text, select): copies text with the Clipboard API; where there is none, or it is refused,
 *   select() puts the text in a selected field and the browser copies the selection. The promise
 *   gives true when the text was copied.
 * MIT licence.
 */
window.iepSite = (function () {
  "use strict";

  var config = null;

  function read() {
    if (config === null) {
      try {
        config = JSON.parse(document.getElementById("__config").textContent) || {};
      } catch (error) {
        config = {};
      }
    }
    return config;
  }

  function bySelection(select) {
    select();
    try {
      return document.execCommand("copy");
    } catch (error) {
      return false;
    }
  }

  return {
    config: read,
    word: function (key) {
      return (read().translations || {})[key] || key;
    },
    announce: function (status, message) {
      status.textContent = status.textContent === message ? message + "\u00a0" : message;
    },
    copy: function (text, select) {
      if (navigator.clipboard && window.isSecureContext) {
        return navigator.clipboard.writeText(text).then(function () { return true; },
                                                        function () { return bySelection(select); });
      }
      return Promise.resolve(bySelection(select));
    }
  };
})();
