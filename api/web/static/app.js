// The solver's page: the JSON API from the browser, with the key kept in localStorage.
// The server renders everything static (api/pages.py); this file adds what depends on
// the caller: solved marks, the list filter, the editor's text, runs, submissions
// followed live over Server-Sent Events, and the history. No framework, no CDN.
"use strict";

(() => {
  const KEY_SLOT = "pyjudge.key";
  const $ = (selector, root = document) => root.querySelector(selector);

  // ---- the API --------------------------------------------------------------------

  function apiKey() {
    return localStorage.getItem(KEY_SLOT) || "";
  }

  function authHeaders(extra = {}) {
    const headers = { ...extra };
    const key = apiKey();
    if (key) headers.Authorization = `Bearer ${key}`;
    return headers;
  }

  /** An error answer in the API's shape {"error": {status, code, message, field}}. */
  async function failure(response) {
    let body = null;
    try {
      body = await response.json();
    } catch {
      // not JSON: a proxy's page, a dropped connection
    }
    const error = (body && body.error) || {};
    const problem = new Error(error.message || `HTTP ${response.status}`);
    problem.status = response.status;
    problem.code = error.code || null;
    if (response.status === 401) showAuthError(problem.message);
    return problem;
  }

  /** JSON in and out; 2xx answers give {status, data}, others throw (see failure). */
  async function api(method, path, body) {
    const init = { method, headers: authHeaders(body ? { "Content-Type": "application/json" } : {}) };
    if (body !== undefined) init.body = JSON.stringify(body);
    const response = await fetch(path, init);
    if (!response.ok) throw await failure(response);
    return { status: response.status, data: await response.json() };
  }

  function showAuthError(message) {
    const box = $("#auth-error");
    if (!box) return;
    box.textContent =
      `This service needs an API key: ${message}. ` +
      "Paste yours in the “API key” field at the top and press “Save key”.";
    box.hidden = false;
  }

  function setupKeyForm(onChange) {
    const form = $("#key-form");
    const input = $("#api-key");
    const status = $("#key-status");
    if (!form) return;
    input.value = apiKey();
    status.textContent = apiKey() ? "key set" : "open mode";
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      const key = input.value.trim();
      if (key) localStorage.setItem(KEY_SLOT, key);
      else localStorage.removeItem(KEY_SLOT);
      status.textContent = key ? "Key saved" : "Key cleared (open mode)";
      $("#auth-error").hidden = true;
      onChange();
    });
  }

  // ---- values as Python writes them -------------------------------------------------

  /** JSON values as Python literals (True, None, ...), as the statements write them. */
  function py(value) {
    if (value === null || value === undefined) return "None";
    if (value === true) return "True";
    if (value === false) return "False";
    if (typeof value === "string") return JSON.stringify(value);
    if (typeof value === "number") {
      if (Number.isNaN(value)) return "nan";
      if (!Number.isFinite(value)) return value > 0 ? "inf" : "-inf";
      return String(value);
    }
    if (Array.isArray(value)) return `[${value.map(py).join(", ")}]`;
    const items = Object.entries(value).map(([k, v]) => `${JSON.stringify(k)}: ${py(v)}`);
    return `{${items.join(", ")}}`;
  }

  function el(tag, attributes = {}, ...children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attributes)) {
      if (value === null || value === undefined || value === false) continue;
      if (name === "class") node.className = value;
      else node.setAttribute(name, value === true ? "" : value);
    }
    for (const child of children) {
      if (child === null || child === undefined) continue;
      node.append(child instanceof Node ? child : String(child));
    }
    return node;
  }

  const label = (verdict) => (verdict || "").replaceAll("_", " ");

  // ---- the problem list -------------------------------------------------------------

  function setupList() {
    const form = $("#filters");
    const rows = [...document.querySelectorAll("#problems tbody tr")];
    const count = $("#count");
    const apply = () => {
      const text = $("#q").value.trim().toLowerCase();
      const difficulty = $("#difficulty").value;
      const tag = $("#tag").value;
      let shown = 0;
      for (const row of rows) {
        const tags = row.dataset.tags.split(" ").filter(Boolean);
        const haystack = [row.dataset.id, row.dataset.title, ...tags].join(" ").toLowerCase();
        const match =
          (!text || haystack.includes(text)) &&
          (!difficulty || row.dataset.difficulty === difficulty) &&
          (!tag || tags.includes(tag));
        row.hidden = !match;
        if (match) shown += 1;
      }
      count.textContent = `${shown} of ${rows.length} problems`;
      $("#empty").hidden = shown > 0;
      const query = new URLSearchParams();
      if (text) query.set("q", $("#q").value.trim());
      if (difficulty) query.set("difficulty", difficulty);
      if (tag) query.set("tag", tag);
      const search = query.toString();
      history.replaceState(null, "", search ? `/?${search}` : "/");
    };
    form.addEventListener("input", apply);
    form.addEventListener("change", apply);
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      apply();
    });
    document.documentElement.classList.add("js");
    markSolved(rows);
  }

  /** Uses the `solved` field of GET /problems where the service gives it. */
  async function markSolved(rows) {
    let items;
    try {
      items = (await api("GET", "/problems")).data;
    } catch {
      return; // a 401 already says so; the list itself needs no key
    }
    const solved = new Map(items.filter((i) => "solved" in i).map((i) => [i.id, i.solved]));
    document.documentElement.classList.toggle("has-solved", solved.size > 0);
    for (const row of rows) {
      const cell = $(".solved", row);
      const done = solved.get(row.dataset.id) === true;
      cell.textContent = done ? "✓ solved" : "";
      cell.classList.toggle("yes", done);
    }
  }

  // ---- the editor -------------------------------------------------------------------

  /** CodeMirror when its bundle is built (window.PyjudgeEditor), else the textarea. */
  function makeEditor(textarea, onChange) {
    if (window.PyjudgeEditor) {
      const cm = window.PyjudgeEditor.create(textarea, onChange);
      return {
        kind: "codemirror",
        get: cm.get,
        set: cm.set,
        focus: cm.focus,
        line: () => cm.view.state.doc.lineAt(cm.view.state.selection.main.head).number,
        gotoLine(line) {
          const doc = cm.view.state.doc;
          const target = doc.line(Math.min(Math.max(line, 1), doc.lines));
          cm.view.dispatch({ selection: { anchor: target.from }, scrollIntoView: true });
          cm.focus();
        },
      };
    }
    textarea.addEventListener("input", () => onChange(textarea.value));
    textarea.addEventListener("keydown", (event) => {
      if (event.key !== "Tab" || event.shiftKey) return; // Shift+Tab still leaves
      event.preventDefault();
      textarea.setRangeText("    ", textarea.selectionStart, textarea.selectionEnd, "end");
      onChange(textarea.value);
    });
    return {
      kind: "textarea",
      get: () => textarea.value,
      set(text) {
        textarea.value = text;
        onChange(text);
      },
      focus: () => textarea.focus(),
      line: () => textarea.value.slice(0, textarea.selectionStart).split("\n").length,
      gotoLine(line) {
        const lines = textarea.value.split("\n");
        const at = lines.slice(0, Math.max(line - 1, 0)).join("\n").length + (line > 1 ? 1 : 0);
        textarea.focus();
        textarea.setSelectionRange(at, at);
      },
    };
  }

  // ---- Server-Sent Events over fetch (EventSource cannot send the key) --------------

  /** Reads an SSE body, calling onEvent({event, id, data}); true once `done` arrived. */
  async function readEvents(response, onEvent) {
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = "";
    let event = { event: "message", id: null, data: [] };
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return false;
      buffer += value;
      const lines = buffer.split(/\r\n|\r|\n/);
      buffer = lines.pop();
      for (const line of lines) {
        if (line === "") {
          if (event.data.length) {
            const finished = onEvent({ ...event, data: JSON.parse(event.data.join("\n")) });
            if (finished) {
              reader.cancel().catch(() => {});
              return true;
            }
          }
          event = { event: "message", id: null, data: [] };
          continue;
        }
        if (line.startsWith(":")) continue; // keep-alive
        const colon = line.indexOf(":");
        const field = colon < 0 ? line : line.slice(0, colon);
        let text = colon < 0 ? "" : line.slice(colon + 1);
        if (text.startsWith(" ")) text = text.slice(1);
        if (field === "event") event.event = text;
        else if (field === "data") event.data.push(text);
        else if (field === "id") event.id = text;
      }
    }
  }

  const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

  // ---- the problem page -------------------------------------------------------------

  /** The editor's bundle (450 KB) after the first paint, so it never delays it; null
   *  when it cannot be had (the textarea then stays). */
  function loadEditorBundle(src) {
    if (!src) return Promise.resolve(null);
    return new Promise((resolve) => {
      requestAnimationFrame(() =>
        setTimeout(() => {
          const script = el("script", { src });
          script.onload = () => resolve(window.PyjudgeEditor || null);
          script.onerror = () => resolve(null);
          document.head.append(script);
        }, 0),
      );
    });
  }

  async function setupProblem() {
    const page = JSON.parse($("#page-data").textContent);
    const slot = `pyjudge.source.${page.id}`;
    const textarea = $("#source");
    const stored = localStorage.getItem(slot);
    if (stored !== null) textarea.value = stored;
    await loadEditorBundle(page.editor);
    const editor = makeEditor(textarea, (text) => localStorage.setItem(slot, text));
    // A documented hook (tests, scripts): get(), set(text), focus(), line(), gotoLine(n).
    window.pyjudgeEditor = editor;
    // The label names the textarea, which CodeMirror hides: it focuses the editor instead.
    $('label[for="source"]').addEventListener("click", (event) => {
      event.preventDefault();
      editor.focus();
    });

    const runButton = $("#run");
    const submitButton = $("#submit");
    const status = $("#status");
    const table = $("#tests");
    const tbody = $("#tests tbody");
    const wrap = $("#tests-wrap");
    const message = $("#message");
    let kind = "submission";
    let wantsEstimate = false;

    function busy(on) {
      runButton.disabled = on;
      submitButton.disabled = on;
      wrap.setAttribute("aria-busy", on ? "true" : "false");
    }

    function say(text, tone = "") {
      status.className = tone;
      status.replaceChildren(text);
    }

    function clear() {
      $("#complexity-result").hidden = true;
      $("#earlier").hidden = true;
      tbody.replaceChildren();
      table.hidden = true;
      message.hidden = true;
      $("#goto-line").hidden = true;
    }

    function showMessage(text) {
      message.hidden = !text;
      $("#message-text").textContent = text || "";
      const line = /\bline (\d+)\b/.exec(text || "");
      const button = $("#goto-line");
      button.hidden = !line;
      if (line) {
        button.textContent = `Go to line ${line[1]}`;
        button.onclick = () => editor.gotoLine(Number(line[1]));
      }
    }

    function details(test) {
      const shown = test.input !== null && test.input !== undefined;
      const failed = !["accepted", "skipped"].includes(test.verdict);
      if (!(shown && (kind === "run" || failed)) && !(failed && test.message)) return null;
      const list = el("dl", { class: "io" });
      const add = (term, value, pre = false) =>
        list.append(el("dt", {}, term), el("dd", {}, pre ? el("pre", {}, value) : el("code", {}, value)));
      if (shown) {
        add("Input", Object.entries(test.input).map(([k, v]) => `${k} = ${py(v)}`).join(", "));
        if (test.group !== "custom") add("Expected", py(test.expected));
        // Only a call that returned has a value to show.
        if (["accepted", "wrong_answer", "ran"].includes(test.verdict)) add("Got", py(test.output));
        if (test.stdout) add("Stdout", test.stdout, true);
      }
      if (test.traceback) add("Traceback", test.traceback, true);
      if (test.message) add("Message", test.message, true);
      return el("tr", { class: "detail", "data-for": test.id }, el("td"), el("td", { colspan: 4 }, list));
    }

    function time(test) {
      if (test.time_ms !== null && test.time_ms !== undefined) return test.time_ms.toFixed(2);
      if (test.time_band) return test.time_band === "low" ? "≤ ½ limit" : "> ½ limit";
      return "";
    }

    function addTest(test, position) {
      for (const old of tbody.querySelectorAll(`tr[data-test="${CSS.escape(test.id)}"], tr[data-for="${CSS.escape(test.id)}"]`)) old.remove();
      const row = el(
        "tr",
        { "data-test": test.id, "data-verdict": test.verdict, class: `v-${test.verdict}` },
        el("td", {}, position + 1),
        el("td", {}, el("code", {}, test.id)),
        el("td", {}, el("span", { class: `verdict ${test.verdict}` }, label(test.verdict))),
        el("td", { class: "num" }, time(test)),
        el("td", { class: "num" }, test.memory_kb ?? ""),
      );
      tbody.append(row);
      const more = details(test);
      if (more) tbody.append(more);
      table.hidden = false;
    }

    function progress(state) {
      const total = state.tests_total ?? "?";
      const what = state.status === "queued" ? "Queued" : "Judging";
      const estimating = wantsEstimate && total !== "?" && state.tests_done === total;
      say(estimating ? "All tests passed; estimating the time complexity…" : `${what}… ${state.tests_done ?? 0} of ${total} tests`);
    }

    /** The estimate: its verdict line, the plot (an <img>: nothing in it can run) and a table. */
    function showComplexity(found) {
      const box = $("#complexity-result");
      box.hidden = !found;
      if (!found) return;
      $("#complexity-text").textContent = found.error || found.text;
      const plot = $("#complexity-plot");
      plot.hidden = !found.svg;
      if (found.svg) {
        plot.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(found.svg)}`;
        plot.alt = `CPU time against input size: ${found.text}`;
      }
      $("#complexity-result tbody").replaceChildren(
        ...(found.rungs || []).map((rung) => el("tr", {}, el("td", {}, String(rung.n)), el("td", {}, Math.min(...rung.times_ms).toFixed(2)))),
      );
    }

    function showDone(result, title = "") {
      kind = result.kind;
      tbody.replaceChildren();
      // A compilation error skips every test: one clear line, no table of skips.
      if (result.verdict !== "compilation_error") result.tests.forEach(addTest);
      else table.hidden = true;
      const verdict = el("strong", { id: "verdict", class: `verdict ${result.verdict}`, "data-verdict": result.verdict }, label(result.verdict));
      const facts = [];
      if (result.verdict !== "compilation_error") {
        facts.push(`${result.tests.length} tests`);
        if (result.max_time_ms !== null) facts.push(`slowest ${result.max_time_ms.toFixed(2)} ms CPU`);
        if (result.memory_kb !== null) facts.push(`${(result.memory_kb / 1024).toFixed(1)} MB`);
      }
      status.className = result.verdict === "accepted" ? "ok" : "bad";
      status.replaceChildren(title, verdict, facts.length ? ` · ${facts.join(" · ")}` : "");
      showMessage(result.message);
      showComplexity(result.complexity);
    }

    function problemOf(error) {
      say(error.status === 401 ? "Not allowed: see the key message above." : `Failed: ${error.message}`, "bad");
    }

    /** Follows /{kinds}/{id}/events to the end; resumes with Last-Event-ID after a cut,
     *  and polls GET /{kinds}/{id} where the stream cannot be had. */
    async function follow(kinds, id) {
      let last = null;
      for (let attempt = 0; attempt < 5; attempt++) {
        let response;
        try {
          const headers = { Accept: "text/event-stream" };
          if (last) headers["Last-Event-ID"] = last;
          response = await fetch(`/${kinds}/${id}/events`, { headers: authHeaders(headers) });
        } catch {
          await sleep(300);
          continue;
        }
        if (response.status === 401) throw await failure(response);
        if (!response.ok || response.status === 204) break;
        let finished = false;
        try {
          finished = await readEvents(response, (event) => {
            if (event.id) last = event.id;
            if (event.event === "status") progress(event.data);
            else if (event.event === "test") addTest(event.data, event.data.position);
            else if (event.event === "reset") tbody.replaceChildren(); // a new attempt began
            else if (event.event === "done") {
              showDone(event.data);
              return true;
            }
            return false;
          });
        } catch {
          // the connection dropped: resume after the last event seen
        }
        if (finished) return;
      }
      await poll(kinds, id);
    }

    async function poll(kinds, id) {
      for (;;) {
        const { data } = await api("GET", `/${kinds}/${id}`);
        if (data.status === "done") return showDone(data);
        progress({ status: data.status, tests_done: data.tests.length, tests_total: data.tests_total });
        data.tests.forEach((test, index) => {
          if (!tbody.querySelector(`tr[data-test="${CSS.escape(test.id)}"]`)) addTest(test, index);
        });
        await sleep(400);
      }
    }

    async function runSamples() {
      busy(true);
      clear();
      kind = "run";
      wantsEstimate = false;
      say("Running the samples…");
      try {
        const { status: code, data } = await api("POST", "/runs", { problem_id: page.id, source: editor.get() });
        if (code === 202) {
          if (data.detail) say(data.detail);
          await follow("runs", data.id);
        } else showDone(data);
      } catch (error) {
        problemOf(error);
      } finally {
        busy(false);
      }
    }

    async function submit() {
      busy(true);
      clear();
      kind = "submission";
      say("Sending…");
      try {
        wantsEstimate = Boolean($("#complexity")?.checked);
        const body = { problem_id: page.id, source: editor.get() };
        if (wantsEstimate) body.complexity = true;
        const { data } = await api("POST", "/submissions", body);
        say("Queued…");
        await follow("submissions", data.id);
      } catch (error) {
        problemOf(error);
      } finally {
        busy(false);
        loadHistory();
      }
    }

    async function loadHistory() {
      const body = $("#history-table tbody");
      let items;
      try {
        const query = new URLSearchParams({ problem_id: page.id, per_page: "20" });
        items = (await api("GET", `/submissions?${query}`)).data.items;
      } catch {
        return;
      }
      body.replaceChildren(
        ...items.map((item) => {
          const when = new Date(item.created_at).toLocaleString();
          const open = el("button", { type: "button", class: "quiet", "aria-label": `Open the submission of ${when}` }, "Open");
          open.addEventListener("click", () => openSubmission(item.id, when));
          const verdict = item.verdict || item.status;
          return el(
            "tr",
            { "data-id": item.id },
            el("td", {}, el("time", { datetime: item.created_at }, when)),
            el("td", {}, el("span", { class: `verdict ${verdict}` }, label(verdict))),
            el("td", { class: "num" }, item.max_time_ms !== null ? item.max_time_ms.toFixed(2) : ""),
            el("td", {}, open),
          );
        }),
      );
      $("#history-table").hidden = items.length === 0;
      $("#history-empty").hidden = items.length > 0;
    }

    /** A rejudged submission's earlier results (GET /submissions/{id}/history), oldest first. */
    async function showEarlier(id) {
      const { data } = await api("GET", `/submissions/${id}/history`);
      const box = $("#earlier");
      box.hidden = data.length === 0;
      $("#earlier ol").replaceChildren(
        ...data.map((old) => el("li", { "data-verdict": old.verdict },
          el("span", { class: `verdict ${old.verdict}` }, label(old.verdict)),
          ` against problem version ${old.problem_hash.slice(0, 12)}, replaced by rejudge ${old.replaced_by}`,
          old.message ? ` (${old.message})` : "")),
      );
    }

    async function openSubmission(id, when) {
      clear();
      try {
        const { data } = await api("GET", `/submissions/${id}`);
        if (data.status === "done") {
          showDone(data, `Submission of ${when}: `);
          if (data.rejudged > 0) await showEarlier(id);
        } else {
          busy(true);
          await follow("submissions", id).finally(() => busy(false));
          if (data.rejudged > 0) await showEarlier(id);
        }
        $("#result-title").scrollIntoView({ block: "nearest" });
      } catch (error) {
        problemOf(error);
      }
    }

    runButton.addEventListener("click", runSamples);
    submitButton.addEventListener("click", submit);
    $("#reset").addEventListener("click", () => {
      editor.set(page.stub);
      editor.focus();
    });
    setupKeyForm(loadHistory);
    loadHistory();
  }

  document.addEventListener("DOMContentLoaded", () => {
    if ($("#page-data")) setupProblem();
    else {
      setupKeyForm(() => markSolved([...document.querySelectorAll("#problems tbody tr")]));
      if ($("#filters")) setupList();
    }
  });
})();
