#pragma once

namespace Revox {

class MainWindow;

namespace ExportActions {

// Export… opens the ExportDialog on the shown call and selected attempt; Copy transcript as
// Markdown copies that attempt's Markdown export. Both do nothing while no call is shown.
void connectTo(MainWindow *window);

} // namespace ExportActions

} // namespace Revox
