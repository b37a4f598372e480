#pragma once

#include <QByteArray>
#include <QString>
#include <QUrl>

#include <optional>

namespace Revox {

// What the app may do with an attempt's `recording_url`. The URL comes from the API, so it is
// untrusted: only web links and the app's own bundled sample resources are ever opened.
struct RecordingLink
{
    enum class Kind {
        None,     // the attempt has no recording
        Web,      // http or https
        Resource, // a recording bundled with the app (qrc:/sample/…)
        Refused,  // anything else: file:, javascript:, data:, garbage
    };

    Kind kind = Kind::None;
    QUrl url;        // set for Web and Resource; never carries user info
    QString message; // for None and Refused: a sentence for the user

    bool canOpen() const { return kind == Kind::Web || kind == Kind::Resource; }

    static RecordingLink fromApi(const std::optional<QString> &recordingUrl);
    // Redirects may only lead to another web address.
    static bool isAllowedRedirect(const QUrl &target);
};

namespace RecordingFiles {

// "<call-id>-<attempt-id>.<ext>", safe on every file system; the extension comes from the
// Content-Type when it names an audio type, else from the URL's path, else "audio".
QString suggestedFileName(const QString &callId,
                          const QString &attemptId,
                          const QByteArray &contentType,
                          const QUrl &url);
// Writes `bytes` to `path` through SafeFileWriter. Returns an empty string on success, else a
// sentence naming the cause; on failure nothing is left at `path` (an earlier file stays as it
// was, even on a full disk) and a FIFO or device there is refused, never replaced.
QString write(const QString &path, const QByteArray &bytes);

} // namespace RecordingFiles

} // namespace Revox
