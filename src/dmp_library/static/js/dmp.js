/* Progressive enhancements; every page works without this file. */
(function () {
  "use strict";

  /* Upload forms: send with XMLHttpRequest to show progress, then follow the server's answer
     (the document page on success, the form with its error otherwise). */
  function enhanceUpload(form) {
    var progress = document.createElement("div");
    progress.className = "upload-progress";
    progress.hidden = true;
    progress.innerHTML = '<progress max="100" value="0"></progress> <span aria-live="polite"></span>';
    form.appendChild(progress);
    var bar = progress.querySelector("progress");
    var label = progress.querySelector("span");
    var sending = form.getAttribute("data-sending") || "Sending…";

    form.addEventListener("submit", function (event) {
      if (!window.FormData || !window.XMLHttpRequest) { return; }
      event.preventDefault();
      var data = new FormData(form);
      var button = form.querySelector("button[type=submit]");
      if (button) {
        data.append(button.name, button.value);
        button.disabled = true;
      }
      var xhr = new XMLHttpRequest();
      xhr.open("POST", form.action);
      xhr.setRequestHeader("X-Requested-With", "XMLHttpRequest");
      xhr.upload.addEventListener("progress", function (e) {
        if (e.lengthComputable) {
          var percent = Math.round(100 * e.loaded / e.total);
          bar.value = percent;
          label.textContent = sending + " " + percent + " %";
        }
      });
      xhr.addEventListener("load", function () {
        var type = xhr.getResponseHeader("Content-Type") || "";
        if (xhr.status === 200 && type.indexOf("application/json") === 0) {
          window.location.assign(JSON.parse(xhr.responseText).location);
        } else {
          document.open();
          document.write(xhr.responseText);
          document.close();
        }
      });
      xhr.addEventListener("error", function () {
        if (button) { button.disabled = false; }
        progress.hidden = true;
        form.submit();
      });
      progress.hidden = false;
      label.textContent = sending;
      xhr.send(data);
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    Array.prototype.forEach.call(document.querySelectorAll("form[data-upload]"), enhanceUpload);
  });
})();
