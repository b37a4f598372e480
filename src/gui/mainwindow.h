#pragma once

#include "callparser.h"

#include <QMainWindow>

#include <memory>

namespace Ui {
class MainWindow;
}

namespace Revox {

class MainWindow final : public QMainWindow
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MainWindow)

public:
    explicit MainWindow(QWidget *parent = nullptr);
    ~MainWindow() override;

    bool openFile(const QString &path);
    void openSampleCall();
    // Shows the call in `body`; on failure keeps what is shown and reports why. `source` names
    // where the body came from, for messages.
    bool showResponse(const QByteArray &body, const QString &source);

    QString messageText() const;

private:
    void showMessage(const QString &text);
    void chooseFile();

    std::unique_ptr<Ui::MainWindow> m_ui;
};

} // namespace Revox
