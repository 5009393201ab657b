// The solver page's code editor: CodeMirror 6 with Python highlighting and indentation,
// bundled by scripts/build-assets into api/web/static/vendor/editor.js (one file, no CDN).
// It only exposes window.PyjudgeEditor.create; the page's own logic is api/web/static/app.js.
import { basicSetup, EditorView } from "codemirror";
import { indentWithTab } from "@codemirror/commands";
import { python } from "@codemirror/lang-python";
import { indentUnit } from "@codemirror/language";
import { keymap } from "@codemirror/view";

/**
 * Replaces `textarea` with an editor holding its text; `onChange(text)` runs on each edit.
 * Tab indents (Esc then Tab moves focus on, as CodeMirror documents for keyboard users).
 * Returns {get(), set(text), focus(), view}.
 */
function create(textarea, onChange) {
  const label = textarea.getAttribute("aria-label") || "Python source";
  const view = new EditorView({
    doc: textarea.value,
    extensions: [
      basicSetup,
      python(),
      indentUnit.of("    "),
      keymap.of([indentWithTab]),
      EditorView.contentAttributes.of({ "aria-label": label, id: textarea.id + "-cm" }),
      EditorView.updateListener.of((update) => {
        if (update.docChanged) onChange(update.state.doc.toString());
      }),
    ],
  });
  textarea.insertAdjacentElement("afterend", view.dom);
  textarea.hidden = true;
  return {
    view,
    get: () => view.state.doc.toString(),
    set: (text) =>
      view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: text } }),
    focus: () => view.focus(),
  };
}

window.PyjudgeEditor = { create };
