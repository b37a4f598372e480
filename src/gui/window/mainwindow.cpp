#include "gui/window/mainwindow.h"

#include "ui_mainwindow.h"

#include "core/api/apiclient.h"
#include "core/api/callreference.h"
#include "core/call/samplecall.h"
#include "gui/common/findbar.h"
#include "gui/common/messagebar.h"
#include "gui/common/plural.h"
#include "gui/export/exportactions.h"
#include "gui/recording/recordingpanel.h"
#include "gui/recording/recordingplayer.h"
#include "gui/response/rawjsonpanel.h"
#include "gui/response/structuredoutputmodel.h"
#include "gui/settings/apikeystore.h"
#include "gui/summary/attemptsmodel.h"
#include "gui/summary/summarymodel.h"
#include "gui/summary/summarypanel.h"
#include "gui/transcript/transcriptmodel.h"
#include "gui/transcript/transcriptpanel.h"
#include "gui/transcript/transcriptview.h"
#include "gui/window/calldrop.h"
#include "gui/window/recentcalls.h"

#include <QApplication>
#include <QCloseEvent>
#include <QDockWidget>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QPointer>
#include <QScreen>
#include <QScrollBar>
#include <QSettings>
#include <QStandardPaths>
#include <QStyle>
#include <QTimer>

namespace Revox {

namespace {

// How long a fetch asked for at startup waits for the keychain's first answer (a keychain that
// must first be unlocked asks the user for its password meanwhile). Past this the fetch goes out
// with what there is: without a key, its failure says where to set one.
constexpr int KeychainWaitMs = 10000;

QString keychainService()
{
    // Tests must never read or overwrite a developer's real key.
    return QStandardPaths::isTestModeEnabled() ? QStringLiteral(REVOX_APP_ID ".test")
                                               : QStringLiteral(REVOX_APP_ID);
}

} // namespace

MainWindow::MainWindow(CallSession *session, QWidget *parent)
    : QMainWindow(parent)
    , m_ui(std::make_unique<Ui::MainWindow>())
    , m_session(session ? session : new CallSession)
    , m_attempts(new AttemptsModel(this))
    , m_structured(new StructuredOutputModel(this))
    , m_keys(new ApiKeyStore(keychainService(), this))
    , m_keyWait(new QTimer(this))
{
    m_session->setParent(this);
    m_ui->setupUi(this);
    RecordingPlayer *player = embedRecordingPlayer(m_session, m_ui->recordingArea);
    // In the transcript Space plays and pauses, as on a call page; Enter and the arrows open and
    // close its cards.
    player->letSpacePlayIn(m_ui->transcriptPanel->view());
    setUpViews();
    setUpActions();
    connectSession();
    ExportActions::connectTo(m_session, this, m_ui->exportAction, m_ui->copyMarkdownAction);
    m_recent = new RecentCalls(m_ui->recentMenu, this);
    connect(m_recent, &RecentCalls::callRequested, this, &MainWindow::fetchCall);
    connect(m_recent, &RecentCalls::fileRequested, this, &MainWindow::openFile);
    applyApiSettings();
    connect(m_keys, &ApiKeyStore::changed, this, &MainWindow::applyApiSettings);
    connect(m_keys, &ApiKeyStore::changed, this, &MainWindow::updateEmptyText);
    // After applyApiSettings(), so the client already has the key the keychain returned.
    connect(m_keys, &ApiKeyStore::changed, this, [this] {
        if (!m_keys->isReadingStoredKey()) {
            m_keyWait->stop();
            m_session->releaseFetches();
        }
    });
    m_keyWait->setSingleShot(true);
    m_keyWait->setInterval(KeychainWaitMs);
    connect(m_keyWait, &QTimer::timeout, m_session, &CallSession::releaseFetches);
    m_keys->load();
    updateEmptyText();
    if (m_keys->isReadingStoredKey()) {
        m_session->holdFetches(tr("Reading the API key from the keychain…"));
        m_keyWait->start();
    }
    restoreWindowState();
    if (m_session->isOpening()) // started before the window was built
        setBusy(true, tr("Opening %1…").arg(m_session->openingLabel()));
    m_ui->pages->setCurrentWidget(m_ui->emptyPage);
    m_ui->callField->setFocus();
}

MainWindow::~MainWindow() = default;

void MainWindow::setUpViews()
{
    QFont title = m_ui->emptyTitle->font();
    title.setPointSizeF(title.pointSizeF() * 1.6);
    title.setBold(true);
    m_ui->emptyTitle->setFont(title);
    // A word-wrapped label given an alignment gets its one-line height; centre it with stretches
    // instead so the layout asks it for its height at the width it really has.
    const int textIndex = m_ui->emptyLayout->indexOf(m_ui->emptyText);
    m_ui->emptyLayout->removeWidget(m_ui->emptyText);
    auto *textRow = new QHBoxLayout;
    textRow->addStretch(1);
    textRow->addWidget(m_ui->emptyText, 6);
    textRow->addStretch(1);
    m_ui->emptyLayout->insertLayout(textIndex, textRow);

    m_ui->attemptsView->setModel(m_attempts);
    m_ui->attemptsView->verticalHeader()->hide();
    // Columns as wide as what they hold: stretching the last one gave "End reason" most of a
    // wide window. The table's height is the splitter's, never its content's, so a call with
    // more attempts scrolls the table instead of shrinking the transcript.
    m_ui->attemptsView->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_ui->attemptsView->horizontalHeader()->setStretchLastSection(false);
    connect(m_ui->attemptsView->selectionModel(),
            &QItemSelectionModel::currentRowChanged,
            this,
            [this](const QModelIndex &current) {
                if (current.isValid())
                    m_session->selectAttempt(current.row());
            });

    m_ui->structuredView->setModel(m_structured);
    m_ui->structuredView->verticalHeader()->hide();
    m_ui->structuredView->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_ui->structuredView->horizontalHeader()->setStretchLastSection(true);

    // The transcript is the page: the attempts get room for three rows, and all the height the
    // window gains goes to the tabs.
    m_ui->contentSplitter->setStretchFactor(0, 0);
    m_ui->contentSplitter->setStretchFactor(1, 1);
    const QFrame *table = m_ui->attemptsView;
    const int threeRows = 3 * m_ui->attemptsView->verticalHeader()->defaultSectionSize()
                          + m_ui->attemptsView->horizontalHeader()->sizeHint().height()
                          + m_ui->attemptsView->horizontalScrollBar()->sizeHint().height()
                          + 2 * table->frameWidth();
    m_ui->contentSplitter->setSizes({threeRows, 10 * threeRows});

    // Settings opened from a failed fetch's bar: once saved, that fetch is tried again.
    connect(m_ui->messageBar, &MessageBar::actionRequested, this, [this] {
        const QString reference = m_session->lastReference();
        if (showSettings() && !reference.isEmpty())
            fetchCall(reference);
    });
    connect(m_ui->messageBar, &MessageBar::retryRequested, this, [this] {
        if (!m_session->lastReference().isEmpty())
            fetchCall(m_session->lastReference());
    });
    connect(m_ui->callField, &QLineEdit::returnPressed, this, &MainWindow::fetchFromField);
    connect(m_ui->fetchButton, &QPushButton::clicked, this, &MainWindow::fetchFromField);
    connect(m_ui->cancelButton, &QPushButton::clicked, this, &MainWindow::cancelFetch);
    connect(m_ui->openSampleButton, &QPushButton::clicked, this, &MainWindow::openSampleCall);
    connect(m_ui->openFileButton, &QPushButton::clicked, this, &MainWindow::chooseFile);
}

void MainWindow::connectSession()
{
    connect(m_session, &CallSession::callChanged, this, &MainWindow::showCall);
    connect(m_session, &CallSession::attemptChanged, this, &MainWindow::showAttempt);
    connect(m_session, &CallSession::failed, this, &MainWindow::showFailure);
    connect(m_session, &CallSession::openStarted, this, [this](const QString &sourceLabel) {
        m_ui->messageBar->dismiss();
        setBusy(true, tr("Opening %1…").arg(sourceLabel));
    });
    connect(m_session, &CallSession::openEnded, this, [this] { setBusy(false); });
    connect(m_session, &CallSession::fetchStarted, this, [this](const QString &callId) {
        m_ui->messageBar->dismiss();
        setBusy(true, tr("Fetching %1…").arg(callId));
    });
    connect(m_session, &CallSession::fetchProgress, this, [this](const QString &status) {
        setBusy(true, status);
    });
    connect(m_session, &CallSession::fetchEnded, this, [this](FetchResult::Status status) {
        m_lastFetchEnd = status;
        setBusy(false, status == FetchResult::Status::Cancelled ? tr("Cancelled.") : QString());
    });
}

void MainWindow::fetchFromField()
{
    fetchCall(m_ui->callField->text());
}

void MainWindow::fetchCall(const QString &reference)
{
    if (m_ui->callField->text() != reference)
        m_ui->callField->setText(reference);
    const CallReference parsed = CallReference::parse(reference);
    if (!parsed.isValid()) {
        m_ui->messageBar->showMessage(parsed.error, Theme::Tone::Bad);
        m_ui->callField->setFocus();
        return;
    }
    m_session->fetch(reference);
}

void MainWindow::cancelFetch()
{
    m_keyWait->stop();
    m_session->cancelFetch();
    m_session->cancelOpening();
}

bool MainWindow::isFetching() const
{
    return !m_ui->busyIndicator->isHidden();
}

void MainWindow::setBusy(bool busy, const QString &status)
{
    m_ui->busyIndicator->setVisible(busy);
    m_ui->cancelButton->setVisible(busy);
    m_ui->cancelAction->setEnabled(busy);
    m_ui->fetchButton->setEnabled(!busy);
    m_ui->fetchStatusLabel->setText(status);
}

bool MainWindow::openFile(const QString &path)
{
    // The same refusals, in the same words, as `--print` and `export` (CallFile), shown as any
    // other failure. Remembered among the recent calls once it is shown (showCall()).
    return m_session->openFile(path);
}

bool MainWindow::startOpeningLargeFile(CallSession *session, const QString &path)
{
    return QFileInfo(path).size() >= CallSession::ParseOnWorkerFrom && session->openFile(path);
}

void MainWindow::openSampleCall()
{
    m_session->open(SampleCall::json(), CallSession::Origin::Sample, tr("the bundled sample call"));
}

void MainWindow::showCall(CallSession::Origin origin)
{
    const std::shared_ptr<const Call> call = m_session->call();
    m_ui->summaryPanel->setCall(*call);
    m_ui->callHeader->setCall(*call, m_ui->summaryPanel->model()->inconsistencies());
    m_attempts->setAttempts(call->callAttempts);
    m_ui->rawPanel->setBody([session = QPointer<CallSession>(m_session)] {
        return session ? session->bodySnapshot() : KeptBody::Snapshot();
    });
    m_ui->pages->setCurrentWidget(m_ui->callPage);
    setWindowTitle(tr("%1 — Revox Call Inspector").arg(call->id));
    m_ui->exportAction->setEnabled(true);
    m_ui->copyMarkdownAction->setEnabled(true);
    const QStringList warnings = m_session->warnings();
    if (warnings.isEmpty())
        m_ui->messageBar->dismiss();
    else
        m_ui->messageBar->showMessage(tr("Shown, but the response is incomplete: %1")
                                          .arg(warnings.join(QLatin1Char(' '))),
                                      Theme::Tone::Warning);
    statusBar()->showMessage(tr("Showing %1 from %2").arg(call->id, m_session->sourceLabel()));
    // The field holds what was fetched; a call from elsewhere must not sit under another's ID.
    if (origin != CallSession::Origin::Api && origin != CallSession::Origin::Live)
        m_ui->callField->clear();
    if (origin == CallSession::Origin::Api)
        m_recent->addCall(call->id);
    else if (origin == CallSession::Origin::File)
        m_recent->addFile(m_session->filePath());
    // A call with attempts: attemptChanged() follows and shows the chosen one.
    if (m_session->selectedAttempt() < 0)
        showAttempt(-1);
}

void MainWindow::showAttempt(int index)
{
    if (index >= 0 && m_ui->attemptsView->currentIndex().row() != index)
        m_ui->attemptsView->selectRow(index);
    m_ui->transcriptPanel->setAttempt(m_session->attempt());
    updateStructuredOutput();
}

bool MainWindow::showTurn(const QString &attemptId, int turnIndex)
{
    if (!m_session->selectAttemptById(attemptId))
        return false;
    TranscriptPanel *panel = m_ui->transcriptPanel;
    m_ui->tabs->setCurrentWidget(panel);
    if (turnIndex < 0)
        return true;
    if (turnIndex >= panel->model()->rowCount())
        return false;
    const QModelIndex source = panel->model()->index(turnIndex);
    QModelIndex shown = panel->proxy()->mapFromSource(source);
    if (!shown.isValid()) {
        // The turn is filtered out (e.g. "tool calls only"): show everything rather than nothing.
        panel->setFilter(TranscriptFilterProxy::Filter::All);
        shown = panel->proxy()->mapFromSource(source);
    }
    if (!shown.isValid())
        return false;
    panel->view()->setCurrentIndex(shown);
    panel->view()->scrollTo(shown, QAbstractItemView::PositionAtCenter);
    return true;
}

void MainWindow::bringToFront()
{
    setWindowState((windowState() & ~Qt::WindowMinimized) | Qt::WindowActive);
    show();
    raise();
    activateWindow();
    // Window managers may refuse to move focus away from what the user is typing into
    // (focus-stealing prevention); then the taskbar entry asks for attention instead.
    QApplication::alert(this);
}

void MainWindow::addInfoBar(QWidget *bar)
{
    m_ui->centralLayout->insertWidget(m_ui->centralLayout->indexOf(m_ui->messageBar) + 1, bar);
}

void MainWindow::addPanelDock(QDockWidget *dock, int width)
{
    addDockWidget(Qt::LeftDockWidgetArea, dock);
    // The window restored its layout before this dock existed; this puts the dock back where
    // (and whether) the user left it.
    if (!restoreDockWidget(dock))
        resizeDocks({dock}, {width}, Qt::Horizontal);
    m_ui->viewMenu->addSeparator();
    m_ui->viewMenu->addAction(dock->toggleViewAction());
    addAction(dock->toggleViewAction());
}

void MainWindow::updateStructuredOutput()
{
    const CallAttempt *attempt = m_session->attempt();
    const std::shared_ptr<const Call> call = m_session->call();
    const auto config = call && call->assistant ? call->assistant->structuredOutputConfig
                                                : std::nullopt;
    m_structured->setData(config, attempt ? attempt->structuredOutput : std::nullopt);
    const int missing = m_structured->missingRequiredCount();
    QString status;
    if (!attempt && call && call->callAttempts.isEmpty())
        status = tr("No attempt yet: nothing has been extracted.");
    else if (!attempt)
        status = tr("No attempt selected.");
    else if (!attempt->structuredOutput)
        status = tr("Nothing was extracted from this attempt.");
    else
        status = plural(int(attempt->structuredOutput->size()),
                        tr("%1 value extracted."),
                        tr("%1 values extracted."));
    if (missing > 0)
        status += QLatin1Char(' ')
                  + plural(missing,
                           tr("%1 required field has no value."),
                           tr("%1 required fields have no value."));
    if (!config)
        status += QLatin1Char(' ') + tr("The assistant has no structured output config.");
    m_ui->structuredStatus->setText(status.trimmed());
    const int tab = m_ui->tabs->indexOf(m_ui->structuredTab);
    m_ui->tabs->setTabIcon(tab,
                           missing > 0 ? style()->standardIcon(QStyle::SP_MessageBoxWarning)
                                       : QIcon());
}

QAction *MainWindow::exportAction() const
{
    return m_ui->exportAction;
}

QAction *MainWindow::copyMarkdownAction() const
{
    return m_ui->copyMarkdownAction;
}

QWidget *MainWindow::recordingArea() const
{
    return m_ui->recordingArea;
}

QString MainWindow::messageText() const
{
    return m_ui->messageBar->text();
}

void MainWindow::chooseFile()
{
    const QString path = QFileDialog::getOpenFileName(this,
                                                      tr("Open Saved Response"),
                                                      QString(),
                                                      tr("JSON responses (*.json);;All files (*)"));
    if (!path.isEmpty())
        openFile(path);
}

void MainWindow::restoreWindowState()
{
    QSettings settings;
    const QByteArray geometry = settings.value(QStringLiteral("window/geometry")).toByteArray();
    if (geometry.isEmpty() || !restoreGeometry(geometry)) {
        // First start: the summary, attempts table, transcript and library dock all want width,
        // so take most of the screen rather than the form's fixed size.
        if (const QScreen *screen = this->screen()) {
            const QSize available = screen->availableGeometry().size();
            resize(QSize(available.width() * 9 / 10, available.height() * 9 / 10)
                       .boundedTo(QSize(1760, 1100))
                       .expandedTo(QSize(960, 640)));
        }
    }
    restoreState(settings.value(QStringLiteral("window/state")).toByteArray());
    m_ui->contentSplitter->restoreState(
        settings.value(QStringLiteral("window/contentSplitter")).toByteArray());
    const int filter = settings.value(QStringLiteral("transcript/filter"), 0).toInt();
    m_ui->transcriptPanel->setFilter(TranscriptFilterProxy::Filter(filter));
}

void MainWindow::saveWindowState() const
{
    QSettings settings;
    settings.setValue(QStringLiteral("window/geometry"), saveGeometry());
    settings.setValue(QStringLiteral("window/state"), saveState());
    settings.setValue(QStringLiteral("window/contentSplitter"), m_ui->contentSplitter->saveState());
    settings.setValue(QStringLiteral("transcript/filter"),
                      int(m_ui->transcriptPanel->proxy()->filter()));
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    saveWindowState();
    QMainWindow::closeEvent(event);
}

void MainWindow::dragEnterEvent(QDragEnterEvent *event)
{
    if (!CallDrop::read(event->mimeData()).isEmpty())
        event->acceptProposedAction();
}

void MainWindow::dropEvent(QDropEvent *event)
{
    const CallDrop dropped = CallDrop::read(event->mimeData());
    if (!dropped.file.isEmpty()) {
        event->acceptProposedAction();
        openFile(dropped.file);
    } else if (!dropped.reference.isEmpty()) {
        event->acceptProposedAction();
        fetchCall(dropped.reference);
    }
}

} // namespace Revox
