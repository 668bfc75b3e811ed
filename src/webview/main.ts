// The webview bundle (dist/webview.js) of both hosts of the request UI: the sidebar view and an editor
// tab say which they are in the HTML (`<body data-host>`, src/vscode/requestsView.ts). One bundle: the two
// share nearly all their code (src/webview/session.ts and what it draws).
import { startSidebar } from './sidebar';
import { startTab } from './tab';

if (document.body.dataset.host === 'tab') startTab();
else startSidebar();
