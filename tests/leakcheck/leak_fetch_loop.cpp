// Leak check, run by hand (not part of ctest): fetches N calls in a row from a fake Revox server
// into one real MainWindow, each replacing the last, and prints the live heap (glibc mallinfo2)
// after the 10th, 100th, every 1,000th and the last fetch. Run it under heaptrack or valgrind for
// the allocations behind any growth:
//   build/tests/leakcheck/leak_fetch_loop 1000
//   heaptrack build/tests/leakcheck/leak_fetch_loop 1000 && heaptrack_print heaptrack.*.zst | tail
// Exits 1 when the live heap grows by more than 2 MiB between fetch 100 and the last one (a leak
// of one parsed call per fetch would be tens of MB).
// With REVOX_LEAKCHECK_KEEP=1 it exits right after the loop without deleting the window or the
// application, so heaptrack's "leaked" list is everything still alive after the last fetch: run
// two counts and compare the lists to see which allocations grow with the number of fetches.
#include "core/api/apiclient.h"
#include "fakerevoxserver.h"
#include "gui/window/mainwindow.h"

#include <QApplication>
#include <QDir>
#include <QSaveFile>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>

#include <malloc.h>

#include <cstdio>
#include <cstdlib>

namespace {

constexpr qint64 AllowedGrowth = 2 * 1024 * 1024;

qint64 liveHeap()
{
    malloc_trim(0);
    return qint64(mallinfo2().uordblks);
}

} // namespace

int main(int argc, char *argv[])
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    qunsetenv("REVOX_API_KEY");
    qunsetenv("REVOX_BASE_URL");
    QApplication app(argc, argv);
    QStandardPaths::setTestModeEnabled(true);
    QTemporaryDir dir;
    QSettings::setDefaultFormat(QSettings::IniFormat);
    QSettings::setPath(QSettings::IniFormat,
                       QSettings::UserScope,
                       dir.filePath(QStringLiteral("settings")));
    QCoreApplication::setOrganizationName(QStringLiteral("RevoxLeakCheck"));
    QCoreApplication::setApplicationName(QStringLiteral("leak_fetch_loop"));

    const int count = argc > 1 ? QString::fromLocal8Bit(argv[1]).toInt() : 1000;
    if (count <= 100) {
        std::fprintf(stderr, "usage: leak_fetch_loop [fetches > 100]\n");
        return 2;
    }

    const QString key = QStringLiteral("sk_test_leakcheck");
    Revox::FakeRevoxServer server;
    if (!server.listen()) {
        std::fprintf(stderr, "cannot listen: %s\n", qPrintable(server.errorString()));
        return 2;
    }
    server.setApiKey(key);
    // Calls come from files so that the server keeps none of them in memory.
    const QString calls = dir.filePath(QStringLiteral("calls"));
    QDir().mkpath(calls);
    for (int i = 0; i < count; ++i) {
        const QString id = QStringLiteral("leak-%1").arg(i);
        QSaveFile file(QDir(calls).filePath(id + QStringLiteral(".json")));
        if (!file.open(QIODevice::WriteOnly) || file.write(server.sampleCallJson(id)) < 0
            || !file.commit())
            return 2;
    }
    server.setCallsDirectory(calls);

    Revox::ApiClient client;
    Revox::ApiSettings settings;
    settings.baseUrl = server.baseUrl();
    settings.apiKey = key;
    client.setSettings(settings);

    auto *window = new Revox::MainWindow;
    window->session()->setApiClient(&client);
    window->resize(1200, 800);
    window->show();

    qint64 at100 = 0;
    for (int i = 0; i < count; ++i) {
        const QString id = QStringLiteral("leak-%1").arg(i);
        QSignalSpy shown(window->session(), &Revox::CallSession::callChanged);
        window->fetchCall(id);
        if (!shown.wait(20000) || window->session()->callId() != id) {
            std::fprintf(stderr, "fetch %d (%s) was not shown\n", i + 1, qPrintable(id));
            return 2;
        }
        server.clearRequests();
        // Let deferred deletes and queued signals of this fetch run before measuring.
        QCoreApplication::sendPostedEvents(nullptr, QEvent::DeferredDelete);
        QCoreApplication::processEvents();
        const int done = i + 1;
        // Every 1,000th fetch too, so that one long run shows whether the heap levels off.
        if ((done == 10 || done == 100 || done % 1000 == 0) && done < count) {
            const qint64 live = liveHeap();
            std::printf("live heap after %d fetches: %lld bytes\n", done, live);
            std::fflush(stdout);
            if (done == 100)
                at100 = live;
        }
    }
    const qint64 atEnd = liveHeap();
    std::printf("live heap after %d fetches: %lld bytes\n", count, atEnd);
    std::printf("growth from 100 to %d: %lld bytes (%.1f bytes per fetch)\n",
                count,
                atEnd - at100,
                double(atEnd - at100) / (count - 100));
    const int status = atEnd - at100 > AllowedGrowth ? 1 : 0;
    if (qEnvironmentVariableIntValue("REVOX_LEAKCHECK_KEEP") == 1) {
        std::fflush(stdout);
        std::exit(status);
    }
    delete window;
    return status;
}
