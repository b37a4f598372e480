#include "mainwindow.h"

#include "ui_mainwindow.h"

#include "samplecall.h"
#include "textreport.h"

#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QJsonDocument>

namespace Revox {

MainWindow::MainWindow(QWidget *parent)
    : QMainWindow(parent)
    , m_ui(std::make_unique<Ui::MainWindow>())
{
    m_ui->setupUi(this);
    m_ui->openAction->setShortcut(QKeySequence::Open);
    m_ui->quitAction->setShortcut(QKeySequence::Quit);
    connect(m_ui->openAction, &QAction::triggered, this, &MainWindow::chooseFile);
    connect(m_ui->openSampleAction, &QAction::triggered, this, &MainWindow::openSampleCall);
    connect(m_ui->quitAction, &QAction::triggered, this, &QWidget::close);
}

MainWindow::~MainWindow() = default;

bool MainWindow::openFile(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        showMessage(tr("Cannot open %1: %2").arg(QFileInfo(path).fileName(), file.errorString()));
        return false;
    }
    return showResponse(file.readAll(), QFileInfo(path).fileName());
}

void MainWindow::openSampleCall()
{
    showResponse(SampleCall::json(), tr("the sample call"));
}

bool MainWindow::showResponse(const QByteArray &body, const QString &source)
{
    const CallParseResult parsed = CallParser::parse(body);
    if (!parsed.isValid()) {
        showMessage(tr("Could not show %1. %2").arg(source, parsed.error.message));
        return false;
    }
    const Call &call = *parsed.call;
    m_ui->summaryView->setPlainText(TextReport::callSummary(call));
    QString transcripts;
    const int count = int(call.callAttempts.size());
    for (int i = 0; i < count; ++i) {
        const CallAttempt &attempt = call.callAttempts.at(i);
        transcripts += QStringLiteral("== %1 ==\n\n%2\n\n")
                           .arg(TextReport::attemptHeader(attempt, count - i, count), TextReport::transcript(attempt));
    }
    m_ui->transcriptView->setPlainText(transcripts);
    m_ui->rawView->setPlainText(QString::fromUtf8(QJsonDocument(call.raw).toJson(QJsonDocument::Indented)));
    setWindowTitle(tr("%1 — Revox Call Inspector").arg(call.id));
    if (parsed.warnings.isEmpty()) {
        m_ui->messageLabel->hide();
        m_ui->messageLabel->clear();
    } else {
        showMessage(tr("Shown, but the response is incomplete: %1").arg(parsed.warnings.join(QLatin1Char(' '))));
    }
    statusBar()->showMessage(tr("Showing %1").arg(source));
    return true;
}

QString MainWindow::messageText() const
{
    return m_ui->messageLabel->isVisibleTo(this) ? m_ui->messageLabel->text() : QString();
}

void MainWindow::showMessage(const QString &text)
{
    m_ui->messageLabel->setText(text);
    m_ui->messageLabel->show();
}

void MainWindow::chooseFile()
{
    const QString path = QFileDialog::getOpenFileName(this, tr("Open Saved Response"), QString(),
                                                      tr("JSON responses (*.json);;All files (*)"));
    if (!path.isEmpty())
        openFile(path);
}

} // namespace Revox
