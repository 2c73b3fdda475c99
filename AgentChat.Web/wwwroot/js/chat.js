// Small browser helpers the Blazor chat calls; the chat itself (SignalR, ordering, markdown)
// runs in .NET in the browser.
window.agentChat = {
  // Resolves on the next animation frame: the message view renders at most once per frame.
  nextFrame: () => new Promise(resolve => requestAnimationFrame(() => resolve())),

  // Enter sends, Shift+Enter breaks the line (and Enter while an IME composes does nothing).
  enterSends: textarea => {
    textarea.addEventListener('keydown', event => {
      if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
        event.preventDefault();
        textarea.form?.requestSubmit();
      }
    });
  },

  // Keeps the list scrolled to the newest text unless the person scrolled up to read.
  followBottom: list => {
    let pinned = true;
    list.addEventListener('scroll', () => {
      pinned = list.scrollHeight - list.scrollTop - list.clientHeight < 48;
    }, { passive: true });
    new MutationObserver(() => {
      if (pinned) list.scrollTop = list.scrollHeight;
    }).observe(list, { childList: true, subtree: true, characterData: true });
  }
};
