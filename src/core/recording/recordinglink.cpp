#include "core/recording/recordinglink.h"

#include "core/common/safefilewriter.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QRegularExpression>

namespace Revox {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("Revox::RecordingLink", text);
}

bool isWebScheme(const QString &scheme)
{
    return scheme == QLatin1String("http") || scheme == QLatin1String("https");
}

// Extensions recognised in a recording URL's path; anything else says nothing about the format.
const QStringList &knownExtensions()
{
    static const QStringList extensions{QStringLiteral("ogg"),
                                        QStringLiteral("oga"),
                                        QStringLiteral("opus"),
                                        QStringLiteral("mp3"),
                                        QStringLiteral("wav"),
                                        QStringLiteral("flac"),
                                        QStringLiteral("m4a"),
                                        QStringLiteral("aac"),
                                        QStringLiteral("webm"),
                                        QStringLiteral("mka")};
    return extensions;
}

QString extensionForContentType(const QByteArray &contentType)
{
    const QByteArray mime = contentType.split(';').constFirst().trimmed().toLower();
    static const QList<std::pair<QByteArray, QString>> table{
        {"audio/ogg", QStringLiteral("ogg")},
        {"application/ogg", QStringLiteral("ogg")},
        {"audio/vorbis", QStringLiteral("ogg")},
        {"audio/opus", QStringLiteral("opus")},
        {"audio/mpeg", QStringLiteral("mp3")},
        {"audio/mp3", QStringLiteral("mp3")},
        {"audio/wav", QStringLiteral("wav")},
        {"audio/wave", QStringLiteral("wav")},
        {"audio/x-wav", QStringLiteral("wav")},
        {"audio/vnd.wave", QStringLiteral("wav")},
        {"audio/flac", QStringLiteral("flac")},
        {"audio/x-flac", QStringLiteral("flac")},
        {"audio/mp4", QStringLiteral("m4a")},
        {"audio/x-m4a", QStringLiteral("m4a")},
        {"audio/aac", QStringLiteral("aac")},
        {"audio/webm", QStringLiteral("webm")},
    };
    for (const auto &[type, extension] : table) {
        if (mime == type)
            return extension;
    }
    return {};
}

QString safeFilePart(const QString &text, const QString &fallback)
{
    static const QRegularExpression unsafe(QStringLiteral("[^A-Za-z0-9._-]+"));
    QString part = text.trimmed();
    part.replace(unsafe, QStringLiteral("_"));
    // No hidden files, no "..", no names that only a file system could love.
    while (part.startsWith(QLatin1Char('.')) || part.startsWith(QLatin1Char('_')))
        part.remove(0, 1);
    part.truncate(80);
    return part.isEmpty() ? fallback : part;
}

} // namespace

RecordingLink RecordingLink::fromApi(const std::optional<QString> &recordingUrl)
{
    RecordingLink link;
    const QString text = recordingUrl.value_or(QString()).trimmed();
    if (text.isEmpty()) {
        link.message = tr("No recording for this attempt");
        return link;
    }
    QUrl url(text, QUrl::StrictMode);
    const QString scheme = url.scheme().toLower();
    if (!url.isValid() || scheme.isEmpty()) {
        link.kind = Kind::Refused;
        link.message = tr("The recording's link is not a valid web address, so it is not opened.");
        return link;
    }
    if (isWebScheme(scheme) && !url.host().isEmpty()) {
        // Credentials in a link would become an Authorization header to the recording's host.
        url.setUserInfo(QString());
        link.kind = Kind::Web;
        link.url = url;
        return link;
    }
    // The bundled sample call points at the app's own resources; nothing else in qrc is a recording.
    if (scheme == QLatin1String("qrc") && url.path().startsWith(QLatin1String("/sample/"))
        && !url.path().contains(QLatin1String(".."))) {
        link.kind = Kind::Resource;
        link.url = url;
        return link;
    }
    link.kind = Kind::Refused;
    link.message
        = tr("The recording's link is a \"%1:\" address, which the app does not open: only "
             "http and https recordings are played.")
              .arg(scheme.left(20));
    return link;
}

bool RecordingLink::isAllowedRedirect(const QUrl &target)
{
    return target.isValid() && isWebScheme(target.scheme().toLower()) && !target.host().isEmpty();
}

QString RecordingFiles::suggestedFileName(const QString &callId,
                                          const QString &attemptId,
                                          const QByteArray &contentType,
                                          const QUrl &url)
{
    QString extension = extensionForContentType(contentType);
    if (extension.isEmpty()) {
        const QString suffix = QFileInfo(url.path()).suffix().toLower();
        if (knownExtensions().contains(suffix))
            extension = suffix;
    }
    if (extension.isEmpty())
        extension = QStringLiteral("audio");
    return QStringLiteral("%1-%2.%3")
        .arg(safeFilePart(callId, QStringLiteral("call")),
             safeFilePart(attemptId, QStringLiteral("attempt")),
             extension);
}

QString RecordingFiles::write(const QString &path, const QByteArray &bytes)
{
    // The checked writer, not QSaveFile alone: on Qt 6.4 a failed final flush still renames.
    const FileWriteError error = SafeFileWriter::writeFile(path, bytes);
    if (error.isOk())
        return {};
    return tr("Could not save the recording to %1: %2")
        .arg(QDir::toNativeSeparators(path), error.text());
}

} // namespace Revox
