// Kopilka journal grid: keyboard entry, each cell saved at once, unsaved cells kept in the browser
// (localStorage) until the server confirms them, retried on failure and after a reload.
(function () {
  "use strict";
  var table = document.getElementById("journal");
  if (!table) return;
  var writable = table.dataset.writable === "true";
  var csrf = table.dataset.csrf;
  // The address comes from the server's route table (data-cells), never spelled here.
  var cellsURL = table.dataset.cells;
  var queueKey = "kopilka:unsaved:" + table.dataset.journal;
  var status = document.getElementById("journal-status");
  var inputs = Array.prototype.slice.call(table.querySelectorAll("input.cell"));
  var rows = Array.prototype.slice.call(table.tBodies[0].rows);

  function say(text) { if (status) status.textContent = text; }
  function loadQueue() { try { return JSON.parse(localStorage.getItem(queueKey) || "{}"); } catch (e) { return {}; } }
  function saveQueue(q) { try { localStorage.setItem(queueKey, JSON.stringify(q)); } catch (e) { /* storage full or off */ } }
  function keyOf(input) { return input.dataset.lesson + "|" + input.closest("tr").dataset.pupil; }
  function find(key) {
    var parts = key.split("|");
    var row = table.querySelector('tr[data-pupil="' + parts[1] + '"]');
    return row ? row.querySelector('input[data-lesson="' + parts[0] + '"]') : null;
  }

  // Each cell has at most one request on its way; an edit made meanwhile waits for it, and an edit equal to the
  // one on its way (Enter, then the focus leaving the cell) is not sent again.
  var inflight = {};
  var waiting = {};

  function opID() {
    var a = new Uint8Array(12);
    (window.crypto || window.msCrypto).getRandomValues(a);
    return Array.prototype.map.call(a, function (b) { return ("0" + b.toString(16)).slice(-2); }).join("");
  }

  function edit(input, value, reason) {
    var key = keyOf(input);
    if (Object.prototype.hasOwnProperty.call(inflight, key)) {
      var q = loadQueue();
      if (inflight[key].value === value && !reason) {
        // Back to the value on its way: nothing more to send (a different value typed meanwhile is dropped).
        delete waiting[key];
        q[key] = inflight[key];
        saveQueue(q);
        return;
      }
      waiting[key] = { value: value, reason: reason || "", op: opID() };
      q[key] = waiting[key];
      saveQueue(q);
      return;
    }
    var settled = !input.classList.contains("unsaved") && !input.classList.contains("error");
    if (!reason && settled && value === input.defaultValue) return;
    send(input, value, reason);
  }

  function send(input, value, reason, op) {
    var key = keyOf(input);
    var q = loadQueue();
    // The operation id stays with the edit through retries: the server applies one edit once.
    op = op || (q[key] && q[key].value === value && q[key].op) || opID();
    q[key] = { value: value, reason: reason || "", op: op };
    saveQueue(q);
    inflight[key] = q[key];
    // The queue entry is this edit's as long as it holds this operation id (a newer edit replaces it).
    function forget() {
      var q3 = loadQueue();
      if (q3[key] && q3[key].op === op) { delete q3[key]; saveQueue(q3); }
    }
    var controller = window.AbortController ? new AbortController() : null;
    var timer = controller ? setTimeout(function () { controller.abort(); }, 20000) : null;
    input.classList.remove("error", "saved");
    input.classList.add("pending");
    var body = "pupil=" + encodeURIComponent(input.closest("tr").dataset.pupil) +
      "&value=" + encodeURIComponent(value) + "&reason=" + encodeURIComponent(reason || "") + "&op=" + op;
    return fetch(cellsURL.replace(":lessonID", encodeURIComponent(input.dataset.lesson)), {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/x-www-form-urlencoded", "Accept": "application/json", "X-CSRF-Token": csrf },
      body: body,
      signal: controller ? controller.signal : undefined
    }).then(function (res) {
      if (timer) clearTimeout(timer);
      return res.json().catch(function () { return {}; }).then(function (data) { return { res: res, data: data }; });
    }).then(function (r) {
      delete inflight[key];
      input.classList.remove("pending");
      var newer = waiting[key];
      if (r.res.ok) {
        forget();
        input.defaultValue = r.data.display;
        // A newer edit waiting for this answer stays in the cell; it is sent next.
        if (!newer) input.value = r.data.display;
        input.classList.add("saved");
        input.classList.remove("unsaved");
        if (r.data.events > 1) input.classList.add("changed");
        say("Сохранено.");
      } else if (r.res.status === 422) {
        // A newer edit replaces this one: the reason is asked for that one, if it needs one.
        if (r.data.needsReason && !newer) {
          var why = window.prompt(r.data.error + "\nПричина изменения:");
          if (why) return send(input, value, why);
        }
        // A refused value is not retried: the teacher sees why and corrects it.
        forget();
        input.classList.add("error");
        input.title = r.data.error || "";
        say(r.data.error || "Значение не принято.");
      } else if (r.res.status === 400 || r.res.status === 404) {
        // The pupil or the lesson is not there (any more): retrying cannot help.
        forget();
        input.classList.add("error");
        say("Не сохранено: урок или ученик не найден. Обновите страницу.");
      } else if (r.res.status === 401 || r.res.status === 403) {
        input.classList.add("unsaved");
        say((r.data && r.data.detail) || "Сеанс истёк: войдите снова в новой вкладке — несохранённые отметки сохранятся после входа.");
      } else {
        input.classList.add("unsaved");
        say("Не сохранено: сервер не ответил. Повторю автоматически.");
      }
    }).then(function () {
      var next = waiting[key];
      if (next && !Object.prototype.hasOwnProperty.call(inflight, key)) { delete waiting[key]; edit(input, next.value, next.reason); }
    }).catch(function () {
      if (timer) clearTimeout(timer);
      delete inflight[key];
      input.classList.remove("pending");
      input.classList.add("unsaved");
      say("Нет связи с сервером. Отметки сохранены в браузере и будут отправлены, когда связь вернётся.");
    });
  }

  function retryAll() {
    var q = loadQueue();
    Object.keys(q).forEach(function (key) {
      var input = find(key);
      if (!input) return;
      if (!Object.prototype.hasOwnProperty.call(inflight, key)) send(input, q[key].value, q[key].reason, q[key].op);
    });
  }

  // Cells typed before a reload or a network failure come back and are sent again.
  var pending = loadQueue();
  Object.keys(pending).forEach(function (key) {
    var input = find(key);
    if (input) { input.value = pending[key].value; input.classList.add("unsaved"); }
  });
  if (Object.keys(pending).length) { say("Есть несохранённые отметки — отправляю."); retryAll(); }
  setInterval(retryAll, 5000);
  window.addEventListener("online", retryAll);

  function move(input, dr, dc) {
    var row = input.closest("tr");
    var r = rows.indexOf(row) + dr;
    var cells = Array.prototype.slice.call(row.querySelectorAll("input.cell"));
    var c = cells.indexOf(input) + dc;
    if (r < 0 || r >= rows.length) return;
    var target = rows[r].querySelectorAll("input.cell")[c];
    if (target) { target.focus(); target.select(); }
  }

  inputs.forEach(function (input) {
    input.addEventListener("focus", function () { input.select(); });
    if (!writable) return;
    input.addEventListener("change", function () { edit(input, input.value.trim()); });
    input.addEventListener("keydown", function (e) {
      switch (e.key) {
        case "ArrowRight": if (input.selectionStart === input.value.length) { e.preventDefault(); move(input, 0, 1); } break;
        case "ArrowLeft": if (input.selectionStart === 0) { e.preventDefault(); move(input, 0, -1); } break;
        case "ArrowDown": case "Enter": e.preventDefault(); edit(input, input.value.trim()); move(input, 1, 0); break;
        case "ArrowUp": e.preventDefault(); move(input, -1, 0); break;
        case "Delete": e.preventDefault(); input.value = ""; edit(input, ""); break;
      }
    });
  });
})();
