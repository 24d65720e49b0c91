/**
 * One request at a time per form: a second submit while the first is on its
 * way does nothing, and the submit button says what is happening. The
 * button stays enabled (disabling it would drop the keyboard focus).
 */
export async function busy<T>(form: HTMLFormElement, label: string, work: () => Promise<T>): Promise<T | undefined> {
  if (form.dataset.busy) return undefined;
  const button = form.querySelector<HTMLButtonElement>('[data-submit]');
  const idle = button?.textContent ?? '';
  form.dataset.busy = 'true';
  if (button) button.textContent = label;
  try {
    return await work();
  } finally {
    delete form.dataset.busy;
    if (button) button.textContent = idle;
  }
}
