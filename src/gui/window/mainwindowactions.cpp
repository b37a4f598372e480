#include "gui/window/mainwindow.h"

#include "ui_mainwindow.h"

#include "gui/response/rawjsonpanel.h"
#include "gui/transcript/transcriptfilterproxy.h"
#include "gui/transcript/transcriptmodel.h"
#include "gui/transcript/transcriptpanel.h"
#include "gui/transcript/transcriptview.h"

#include <QActionGroup>
#include <QComboBox>
#include <QMessageBox>

// The window's menus and shortcuts: what each action does is a call into the window or a panel.
namespace Revox {

void MainWindow::setUpActions()
{
    m_ui->openAction->setShortcut(QKeySequence::Open);
    m_ui->quitAction->setShortcut(QKeySequence::Quit);
    m_ui->exportAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_E));
    m_ui->copyMarkdownAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_M));
    m_ui->exportAction->setEnabled(false);
    m_ui->copyMarkdownAction->setEnabled(false);
    QList<QKeySequence> preferences = QKeySequence::keyBindings(QKeySequence::Preferences);
    const QKeySequence ctrlComma(Qt::CTRL | Qt::Key_Comma);
    if (!preferences.contains(ctrlComma))
        preferences.prepend(ctrlComma);
    m_ui->settingsAction->setShortcuts(preferences);
    m_ui->settingsAction->setMenuRole(QAction::PreferencesRole);
    m_ui->focusCallAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_L));
    m_ui->fetchAction->setShortcut(QKeySequence::Refresh);
    m_ui->cancelAction->setShortcut(QKeySequence(Qt::Key_Escape));
    m_ui->cancelAction->setEnabled(false);
    m_ui->findAction->setShortcut(QKeySequence::Find);
    m_ui->findNextAction->setShortcuts(QKeySequence::FindNext);
    m_ui->findPreviousAction->setShortcuts(QKeySequence::FindPrevious);
    m_ui->showTranscriptAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_1));
    m_ui->showStructuredAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_2));
    m_ui->showRawAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_3));
    m_ui->showDetailsAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_4));
    m_ui->aboutAction->setMenuRole(QAction::AboutRole);

    // Ctrl+C copies turns only when the transcript has focus; everywhere else it stays the
    // focused widget's own copy.
    TranscriptView *view = m_ui->transcriptPanel->view();
    m_ui->copyTurnsAction->setShortcut(QKeySequence::Copy);
    m_ui->copyTurnsAction->setShortcutContext(Qt::WidgetShortcut);
    view->addAction(m_ui->copyTurnsAction);
    connect(m_ui->copyTurnsAction, &QAction::triggered, view, &TranscriptView::copySelection);

    connect(m_ui->openAction, &QAction::triggered, this, &MainWindow::chooseFile);
    connect(m_ui->openSampleAction, &QAction::triggered, this, &MainWindow::openSampleCall);
    connect(m_ui->settingsAction, &QAction::triggered, this, &MainWindow::showSettings);
    connect(m_ui->quitAction, &QAction::triggered, this, &QWidget::close);
    connect(m_ui->focusCallAction, &QAction::triggered, this, [this] {
        m_ui->callField->setFocus(Qt::ShortcutFocusReason);
        m_ui->callField->selectAll();
    });
    connect(m_ui->fetchAction, &QAction::triggered, this, &MainWindow::fetchFromField);
    connect(m_ui->cancelAction, &QAction::triggered, this, &MainWindow::cancelFetch);
    connect(m_ui->findAction, &QAction::triggered, this, &MainWindow::findInCurrentTab);
    connect(m_ui->findNextAction, &QAction::triggered, this, [this] {
        findNextInCurrentTab(false);
    });
    connect(m_ui->findPreviousAction, &QAction::triggered, this, [this] {
        findNextInCurrentTab(true);
    });
    connect(m_ui->showTranscriptAction, &QAction::triggered, this, [this] {
        m_ui->tabs->setCurrentWidget(m_ui->transcriptPanel);
    });
    connect(m_ui->showStructuredAction, &QAction::triggered, this, [this] {
        m_ui->tabs->setCurrentWidget(m_ui->structuredTab);
    });
    connect(m_ui->showRawAction, &QAction::triggered, this, [this] {
        m_ui->tabs->setCurrentWidget(m_ui->rawPanel);
    });
    connect(m_ui->showDetailsAction, &QAction::triggered, this, [this] {
        m_ui->tabs->setCurrentWidget(m_ui->summaryPanel);
    });
    connect(m_ui->expandAllAction, &QAction::triggered, this, [this] {
        m_ui->transcriptPanel->model()->setAllExpanded(true);
    });
    connect(m_ui->collapseAllAction, &QAction::triggered, this, [this] {
        m_ui->transcriptPanel->model()->setAllExpanded(false);
    });
    connect(m_ui->aboutAction, &QAction::triggered, this, [this] {
        QMessageBox::about(
            this,
            tr("About Revox Call Inspector"),
            tr("Revox Call Inspector %1\n\nInspect what a Revox AI voice agent did on a call: "
               "attempts, transcript, tool calls, structured output and recording.")
                .arg(QCoreApplication::applicationVersion()));
    });

    auto *filters = new QActionGroup(this);
    QComboBox *box = m_ui->transcriptPanel->filterBox();
    for (int i = 0; i < box->count(); ++i) {
        QAction *action = m_ui->filterMenu->addAction(box->itemText(i));
        action->setCheckable(true);
        action->setChecked(i == box->currentIndex());
        action->setData(box->itemData(i));
        filters->addAction(action);
        connect(action, &QAction::triggered, this, [this, action] {
            m_ui->transcriptPanel->setFilter(TranscriptFilterProxy::Filter(action->data().toInt()));
        });
    }
    connect(box, &QComboBox::currentIndexChanged, this, [filters](int index) {
        if (index >= 0 && index < filters->actions().size())
            filters->actions().at(index)->setChecked(true);
    });
    addActions(menuBar()->actions());
}

void MainWindow::findInCurrentTab()
{
    if (m_ui->tabs->currentWidget() == m_ui->rawPanel) {
        m_ui->rawPanel->focusFind();
        return;
    }
    m_ui->tabs->setCurrentWidget(m_ui->transcriptPanel);
    m_ui->transcriptPanel->showFind();
}

void MainWindow::findNextInCurrentTab(bool backwards)
{
    if (m_ui->tabs->currentWidget() == m_ui->rawPanel) {
        m_ui->rawPanel->findNext(backwards);
        return;
    }
    m_ui->tabs->setCurrentWidget(m_ui->transcriptPanel);
    if (backwards)
        m_ui->transcriptPanel->findPrevious();
    else
        m_ui->transcriptPanel->findNext();
}

} // namespace Revox
