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

  // Copies text to the clipboard; false when the browser refuses.
  copy: async text => {
    try {
      await navigator.clipboard.writeText(text);
      return true;
    } catch {
      const box = document.createElement('textarea');
      box.value = text;
      box.setAttribute('readonly', '');
      box.style.position = 'fixed';
      box.style.opacity = '0';
      document.body.appendChild(box);
      box.select();
      const copied = document.execCommand('copy');
      box.remove();
      return copied;
    }
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

// Esc closes the phone's conversation drawer when it is open, and otherwise stops the answer being
// generated, from anywhere on the page (by the buttons' own actions, so the page does exactly
// what a click does, and focus returns to the composer).
document.addEventListener('keydown', event => {
  if (event.key !== 'Escape' || event.defaultPrevented) return;
  const target = document.querySelector('.workspace.drawer-open')
    ? document.querySelector('.menu-button')
    : document.querySelector('.composer button.stop');
  if (target) {
    event.preventDefault();
    target.click();
  }
});
