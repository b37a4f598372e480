#pragma once

// Shared by the recording tests (tst_recordingsession*, tst_recordingplayer): the audio fixtures,
// the fake Revox server that serves them, and the runs with fewer GStreamer plugins.
#include "fakerevoxserver.h"

#include <QDir>
#include <QFile>
#include <QLibraryInfo>
#include <QStringList>

#include <optional>

namespace Revox::RecordingTests {

constexpr int LoadTimeoutMs = 15000;

inline QByteArray audioFixture(const QString &name)
{
    QFile file(QStringLiteral(REVOX_TEST_DATA_DIR "/audio/") + name);
    if (!file.open(QIODevice::ReadOnly))
        qFatal("missing fixture");
    return file.readAll();
}

inline QByteArray fileContents(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

// The tones at /recordings/<name>, and an HTML page that claims to be Ogg (an expired link).
inline void addRecordings(FakeRevoxServer &server)
{
    for (const char *name : {"tone-10s.ogg", "tone-stereo.ogg"})
        server.addRecording(QLatin1String(name), audioFixture(QLatin1String(name)), "audio/ogg");
    server.addRecording(QStringLiteral("tone-mono.wav"),
                        audioFixture(QStringLiteral("tone-mono.wav")),
                        "audio/wav");
    server.addRecording(QStringLiteral("expired.ogg"),
                        "<!doctype html><title>Link expired</title><p>Please sign in.",
                        "audio/ogg");
}

// tests/CMakeLists.txt runs the `missingGStreamerPlugins` tests again with
// REVOX_TEST_GSTREAMER_PLUGINS set: "none" gives GStreamer an empty plugin folder, "base" only
// what gstreamer1.0-plugins-base installs, as on a system without -good. GStreamer reads its
// plugin path once: call this from initTestCase(), before anything touches Qt Multimedia. Returns
// why it could not, or std::nullopt; nothing is done when the variable is not set.
inline std::optional<QString> limitGStreamerPlugins(const QString &folder)
{
    const QString which = qEnvironmentVariable("REVOX_TEST_GSTREAMER_PLUGINS");
    if (which.isEmpty())
        return std::nullopt;
    const QDir plugins(folder + QStringLiteral("/plugins"));
    if (!QDir().mkpath(plugins.path()))
        return QStringLiteral("cannot make %1").arg(plugins.path());
    if (which == QLatin1String("base")) {
        // Where Debian's GStreamer keeps its plugins, next to Qt's own libraries.
        const QDir system(QLibraryInfo::path(QLibraryInfo::LibrariesPath)
                          + QStringLiteral("/gstreamer-1.0"));
        if (!system.exists(QStringLiteral("libgstcoreelements.so")))
            return QStringLiteral("no GStreamer plugins in %1").arg(system.path());
        // GStreamer's core elements and gstreamer1.0-plugins-base 1.22.
        const QStringList names = QStringLiteral(
                                      "coreelements adder app audioconvert audiomixer audiorate "
                                      "audioresample audiotestsrc encoding gio ogg opus pbtypes "
                                      "playback rawparse subparse tcp typefindfunctions "
                                      "videoconvertscale videorate videotestsrc volume vorbis")
                                      .split(QLatin1Char(' '));
        for (const QString &name : names) {
            const QString file = QStringLiteral("libgst%1.so").arg(name);
            if (system.exists(file) && !QFile::link(system.filePath(file), plugins.filePath(file)))
                return QStringLiteral("cannot link %1").arg(file);
        }
    } else if (which != QLatin1String("none")) {
        return QStringLiteral("REVOX_TEST_GSTREAMER_PLUGINS is \"none\" or \"base\"");
    }
    qputenv("GST_PLUGIN_SYSTEM_PATH_1_0", QFile::encodeName(plugins.path()));
    qunsetenv("GST_PLUGIN_PATH_1_0");
    qunsetenv("GST_PLUGIN_PATH");
    // A registry of its own: the user's cache of every plugin stays as it is.
    qputenv("GST_REGISTRY_1_0", QFile::encodeName(folder + QStringLiteral("/registry.bin")));
    return std::nullopt;
}

} // namespace Revox::RecordingTests
