// Live parts of the dashboard: one EventSource per page (server-sent events from /calls/live).
// Every value is written with textContent, never as markup.
(function () {
  "use strict";
  var root = document.querySelector("[data-live-source]");
  if (!root || !window.EventSource) {
    return;
  }
  var source = new EventSource(root.getAttribute("data-live-source"));
  var operator = root.getAttribute("data-operator") === "true";

  function cell(row, text, className) {
    var td = document.createElement("td");
    td.textContent = text;
    if (className) {
      td.className = className;
    }
    row.appendChild(td);
  }

  source.addEventListener("live", function (event) {
    var snapshot = JSON.parse(event.data);
    document.querySelectorAll("[data-live-number]").forEach(function (el) {
      var count = snapshot.numbers[el.getAttribute("data-live-number")];
      el.textContent = String(count || 0);
    });
    document.querySelectorAll("[data-live-total]").forEach(function (el) {
      el.textContent = String(snapshot.total);
    });
    document.querySelectorAll("[data-live-calls]").forEach(function (body) {
      var rows = document.createDocumentFragment();
      snapshot.calls.forEach(function (call) {
        var row = document.createElement("tr");
        if (operator) {
          cell(row, call.organizationName || "");
        }
        cell(row, call.calledNumber);
        cell(row, call.numberLabel === null ? "(reassigned)" : call.numberLabel);
        cell(row, call.callerNumber || "");
        cell(row, call.started);
        cell(row, String(call.seconds), "num");
        if (operator && call.temporalUrl) {
          var td = document.createElement("td");
          var link = document.createElement("a");
          link.className = "workflow";
          link.href = call.temporalUrl;
          link.textContent = call.workflowId;
          td.appendChild(link);
          row.appendChild(td);
        }
        rows.appendChild(row);
      });
      body.replaceChildren(rows);
    });
  });
})();
