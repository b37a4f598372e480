#pragma once

class QAction;
class QWidget;

namespace Revox {

class CallSession;

namespace ExportActions {

// `exportAction` opens the ExportDialog (over `dialogParent`) on the session's call and selected
// attempt; `copyMarkdown` copies that attempt's Markdown export, made on a worker thread, to the
// clipboard when it is ready (QClipboard::dataChanged). Both do nothing while no call is shown.
// When `dialogParent` is the main window, a written export is said in an ExportNotice there.
void connectTo(CallSession *session,
               QWidget *dialogParent,
               QAction *exportAction,
               QAction *copyMarkdown);

} // namespace ExportActions

} // namespace Revox
