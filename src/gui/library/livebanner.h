#pragma once

#include <QPointer>
#include <QWidget>

class QLabel;

namespace Revox {

class CallWatcher;
struct FetchResult;

// "● Live · last refreshed 10:42:05" while a call in progress is being watched; the failure and
// the next try when a refresh fails; "Finished" once the call is final.
class LiveBanner final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(LiveBanner)

public:
    explicit LiveBanner(QWidget *parent = nullptr);

    void setWatcher(CallWatcher *watcher);
    // Another call is on screen: what the banner says about the watched one no longer applies,
    // however it ended.
    void dismiss();
    QString text() const; // what it says; public for tests

private:
    void showText(const QString &text);
    QString lastRefreshedText() const;
    void onFailed(const FetchResult &result, int nextPollMs);
    void onCompleted(const FetchResult &result);

    QPointer<CallWatcher> m_watcher;
    QLabel *m_label = nullptr;
    bool m_finished = false; // keep showing the outcome after watching ended
};

} // namespace Revox
