// Keyboard focus on a task's node, so the canvas has the focus again (arrow keys, Delete, F2).

/** The drawn node of a task (found by its data-id; CSS.escape keeps any name a plain value). */
export function nodeElement(name: string): HTMLElement | null {
  return document.querySelector<HTMLElement>(`.react-flow__node[data-id="${CSS.escape(name)}"]`);
}

/**
 * Focuses the node of `name` once it is drawn, without scrolling the page. From the next frame on:
 * a modal closing in this event still makes the rest of the page inert until React removes it.
 */
export function focusNode(name: string): void {
  let frames = 0;
  const attempt = () => {
    const element = nodeElement(name);
    if (element) element.focus({ preventScroll: true });
    else if (++frames < 30) requestAnimationFrame(attempt);
  };
  requestAnimationFrame(attempt);
}
