// sitrep serve: the only script of the pages (no inline code is allowed).
// It brings a highlighted sentence into the middle of the screen and gives
// it keyboard focus, and on a topic's page it runs the correction controls
// (shown only when the server takes corrections): they send the analyst's
// corrections to /api/corrections with the bearer token, which is kept in
// this tab's sessionStorage only. Everything else works without it.
"use strict";

function highlight() {
  var hl = document.getElementById("hl");
  if (hl) {
    hl.scrollIntoView({ block: "center" });
    hl.focus({ preventScroll: true });
  }
}

function corrections() {
  var panel = document.getElementById("correct");
  if (!panel) {
    return;
  }
  var topic = panel.getAttribute("data-topic");
  var generation = Number(panel.getAttribute("data-generation"));
  var status = document.getElementById("c-status");
  var token = document.getElementById("c-token");
  var author = document.getElementById("c-author");
  var note = document.getElementById("c-note");
  var picked = document.getElementById("c-picked");
  var picks = document.querySelectorAll("input.pick");
  var busy = false;

  function value(id) {
    var e = document.getElementById(id);
    return e ? e.value.trim() : "";
  }
  function say(text, bad) {
    status.textContent = text;
    status.className = bad ? "status error" : "status";
  }
  function ticked() {
    return Array.prototype.filter.call(picks, function (p) { return p.checked; }).map(function (p) { return p.value; });
  }
  function count() {
    var n = ticked().length;
    picked.textContent = n === 0 ? "No claim ticked: tick claims in the table above (the box beside each source)." : n + (n === 1 ? " claim ticked." : " claims ticked.");
  }
  // Reload once the server serves a report newer than `after`.
  function await_report(after, go) {
    var tries = 0;
    function poll() {
      fetch("/api/stories", { cache: "no-store" }).then(function (r) { return r.json(); }).then(function (v) {
        if (v.generation > after) {
          location.assign(go || location.href);
        } else if (++tries < 240) {
          setTimeout(poll, 500);
        } else {
          say("Stored, but the report has not been fused again yet: reload the page later.", true);
        }
      }, function () { setTimeout(poll, 1000); });
    }
    poll();
  }
  // A field's value, kept for this tab; empty after asking for it.
  function required(field, key, message) {
    var v = field.value.trim();
    if (!v) {
      say(message, true);
      field.focus();
      return "";
    }
    sessionStorage.setItem(key, v);
    return v;
  }
  function call(method, url, body, done) {
    if (busy) {
      return;
    }
    var t = required(token, "sitrep-token", "Enter the token the server was started with.");
    if (!t) {
      return;
    }
    busy = true;
    say("Sending…");
    var init = { method: method, headers: { "Authorization": "Bearer " + t } };
    if (body) {
      init.headers["Content-Type"] = "application/json";
      init.body = JSON.stringify(body);
    }
    fetch(url, init).then(function (r) {
      return r.text().then(function (text) {
        busy = false;
        var v = {};
        try { v = text ? JSON.parse(text) : {}; } catch (e) { v = {}; }
        if (r.ok) {
          done(v);
        } else {
          say("Not stored (" + r.status + "): " + (v.error || r.statusText), true);
        }
      });
    }, function (e) {
      busy = false;
      say("The server did not answer: " + e, true);
    });
  }
  function correct(correction, go) {
    var who = required(author, "sitrep-author", "Enter your name: every correction records who made it.");
    if (!who) {
      return;
    }
    correction.author = who;
    if (note.value.trim()) {
      correction.note = note.value.trim();
    }
    call("POST", "/api/corrections", correction, function (v) {
      say("Stored as correction " + v.id + "; the report is being fused again…");
      await_report(v.generation, go);
    });
  }
  function needs_claims() {
    var keys = ticked();
    if (keys.length === 0) {
      say("Tick at least one claim in the table first.", true);
      if (picks.length) {
        picks[0].focus();
      }
    }
    return keys;
  }
  var acts = {
    reject: function () {
      var keys = needs_claims();
      if (keys.length === 1) {
        correct({ kind: "reject_claim", claim: keys[0] });
      } else if (keys.length > 1) {
        say("Reject one claim at a time: tick only one.", true);
      }
    },
    move: function () {
      var keys = needs_claims();
      if (keys.length === 1) {
        correct({ kind: "move_claim", claim: keys[0], topic: value("c-move") });
      } else if (keys.length > 1) {
        say("Move one claim at a time: tick only one.", true);
      }
    },
    split: function () {
      var keys = needs_claims();
      if (keys.length > 0) {
        correct({ kind: "split_topic", topic: topic, claims: keys });
      }
    },
    merge: function () {
      var into = value("c-into");
      correct({ kind: "merge_topics", into: into, from: topic }, "/topics/" + encodeURIComponent(into));
    },
    rename: function () {
      var to = value("c-rename");
      if (!to) {
        say("Enter the source's right name.", true);
        document.getElementById("c-rename").focus();
        return;
      }
      correct({ kind: "rename_source", from: value("c-source"), to: to });
    },
    "merge-source": function () {
      if (value("c-source") === value("c-same")) {
        say("Choose two different sources.", true);
        return;
      }
      correct({ kind: "merge_sources", from: value("c-source"), into: value("c-same") });
    },
    exclude: function () {
      correct({ kind: "exclude_outlet", outlet: value("c-outlet") });
    }
  };

  panel.hidden = false;
  Array.prototype.forEach.call(picks, function (p) {
    p.hidden = false;
    p.addEventListener("change", count);
  });
  token.value = sessionStorage.getItem("sitrep-token") || "";
  author.value = sessionStorage.getItem("sitrep-author") || "";
  count();
  panel.addEventListener("click", function (e) {
    var b = e.target.closest("button[data-act]");
    if (b && acts[b.getAttribute("data-act")]) {
      acts[b.getAttribute("data-act")]();
    }
  });
  Array.prototype.forEach.call(document.querySelectorAll("button[data-undo]"), function (b) {
    b.hidden = false;
    b.addEventListener("click", function () {
      call("DELETE", "/api/corrections/" + encodeURIComponent(b.getAttribute("data-undo")), null, function () {
        say("Correction " + b.getAttribute("data-undo") + " undone; the report is being fused again…");
        await_report(generation);
      });
    });
  });
}

document.addEventListener("DOMContentLoaded", function () {
  highlight();
  corrections();
});
