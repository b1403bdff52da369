// /siaran/: marks the programme on air now (WITA, UTC+8) in the schedule table.
// Without JavaScript the full schedule shows as it is.
(function () {
  "use strict";
  var table = document.querySelector("[data-jadwal]");
  var status = document.querySelector("[data-siaran-kini]");
  if (!table || !status) { return; }
  var wita = new Date(Date.now() + 8 * 3600 * 1000);
  var day = wita.getUTCDay() === 0 ? 7 : wita.getUTCDay(); // 1 = Senin ... 7 = Minggu
  var minute = wita.getUTCHours() * 60 + wita.getUTCMinutes();
  var rows = table.querySelectorAll("tbody tr");
  var found = null;
  for (var i = 0; i < rows.length; i++) {
    var row = rows[i];
    var days = row.getAttribute("data-hari").split(" ");
    var start = Number(row.getAttribute("data-mulai"));
    var end = Number(row.getAttribute("data-selesai"));
    if (days.indexOf(String(day)) !== -1 && minute >= start && minute < end) {
      found = row;
      break;
    }
  }
  if (found) {
    found.classList.add("kini");
    found.setAttribute("aria-current", "time");
    var name = found.querySelector("th").textContent;
    status.textContent = "Sedang mengudara: " + name + " (" +
      found.querySelectorAll("td")[1].textContent + " WITA)";
  } else {
    status.textContent = "Tidak ada acara terjadwal pada jam ini.";
  }
  status.hidden = false;
})();
