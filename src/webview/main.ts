const root = document.getElementById('root');

window.addEventListener('message', (event: MessageEvent<unknown>) => {
  const data = event.data as { type?: unknown; apps?: unknown };
  if (!root || data?.type !== 'apps' || !Array.isArray(data.apps)) return;
  root.replaceChildren();
  const heading = document.createElement('p');
  heading.textContent = data.apps.length === 0 ? 'No Next.js app found in this workspace.' : 'Next.js apps:';
  root.append(heading);
  for (const app of data.apps) {
    const item = document.createElement('div');
    item.textContent = String(app);
    root.append(item);
  }
});
