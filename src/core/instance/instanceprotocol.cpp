#include "core/instance/instanceprotocol.h"

#include "core/api/callreference.h"
#include "core/call/callfile.h"

#include <QDir>
#include <QJsonDocument>
#include <QJsonObject>

#include <optional>

namespace Revox {

namespace {

const QLatin1String VersionKey("version");
const QLatin1String CwdKey("cwd");
const QLatin1String FileKey("file");
const QLatin1String ReferenceKey("reference");
const QLatin1String SampleKey("sample");
const QLatin1String OkKey("ok");
const QLatin1String ReasonKey("reason");
const QLatin1String ErrorKey("error");

QLatin1String reasonName(InstanceRefusal::Reason reason)
{
    switch (reason) {
    case InstanceRefusal::Reason::InvalidReference:
        return QLatin1String("invalid-reference");
    case InstanceRefusal::Reason::UnreadableFile:
        return QLatin1String("unreadable-file");
    case InstanceRefusal::Reason::MissingFile:
        return QLatin1String("missing-file");
    case InstanceRefusal::Reason::BadRequest:
    case InstanceRefusal::Reason::None:
        break;
    }
    return QLatin1String("bad-request");
}

InstanceRefusal::Reason reasonFromName(const QString &name)
{
    if (name == QLatin1String("invalid-reference"))
        return InstanceRefusal::Reason::InvalidReference;
    if (name == QLatin1String("unreadable-file"))
        return InstanceRefusal::Reason::UnreadableFile;
    if (name == QLatin1String("missing-file"))
        return InstanceRefusal::Reason::MissingFile;
    return InstanceRefusal::Reason::BadRequest;
}

// One JSON object on one line, at most MaxMessageBytes including the newline.
std::optional<QJsonObject> parseLine(const QByteArray &line, QString *error)
{
    if (line.size() > InstanceRequest::MaxMessageBytes) {
        *error = QStringLiteral("The message is over %1 bytes.")
                     .arg(InstanceRequest::MaxMessageBytes);
        return std::nullopt;
    }
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(line.trimmed(), &parseError);
    if (parseError.error != QJsonParseError::NoError || !document.isObject()) {
        *error = QStringLiteral("The message is not a JSON object.");
        return std::nullopt;
    }
    return document.object();
}

bool isNonEmptyString(const QJsonValue &value)
{
    return value.isString() && !value.toString().isEmpty();
}

} // namespace

InstanceRequest InstanceRequest::openFile(const QString &file, const QString &cwd)
{
    InstanceRequest request;
    request.kind = Kind::File;
    request.file = file;
    request.cwd = cwd;
    return request;
}

InstanceRequest InstanceRequest::fetch(const QString &reference)
{
    InstanceRequest request;
    request.kind = Kind::Reference;
    request.reference = reference;
    return request;
}

InstanceRequest InstanceRequest::sample()
{
    InstanceRequest request;
    request.kind = Kind::Sample;
    return request;
}

QString InstanceRequest::absoluteFile() const
{
    return QDir::cleanPath(QDir(cwd).absoluteFilePath(file));
}

QByteArray InstanceRequest::toMessage() const
{
    QJsonObject object{{VersionKey, Version}};
    switch (kind) {
    case Kind::File:
        object.insert(FileKey, file);
        object.insert(CwdKey, cwd);
        break;
    case Kind::Reference:
        object.insert(ReferenceKey, reference);
        break;
    case Kind::Sample:
        object.insert(SampleKey, true);
        break;
    case Kind::Activate:
        break;
    }
    return QJsonDocument(object).toJson(QJsonDocument::Compact) + '\n';
}

namespace InstanceProtocol {

ParsedInstanceMessage parseRequest(const QByteArray &line)
{
    ParsedInstanceMessage parsed;
    QString error;
    const std::optional<QJsonObject> object = parseLine(line, &error);
    if (!object) {
        parsed.refusal = InstanceRefusal::badRequest(error);
        return parsed;
    }
    const QJsonValue version = object->value(VersionKey);
    if (!version.isDouble() || version.toDouble() != InstanceRequest::Version) {
        parsed.refusal = InstanceRefusal::badRequest(
            QStringLiteral("Unsupported message version (this window speaks version %1).")
                .arg(InstanceRequest::Version));
        return parsed;
    }
    const bool hasFile = object->contains(FileKey);
    const bool hasReference = object->contains(ReferenceKey);
    const bool hasSample = object->contains(SampleKey);
    if (int(hasFile) + int(hasReference) + int(hasSample) > 1) {
        parsed.refusal = InstanceRefusal::badRequest(
            QStringLiteral("The message asks for more than one thing to open."));
        return parsed;
    }
    InstanceRequest &request = parsed.request;
    if (hasFile) {
        const QJsonValue file = object->value(FileKey);
        const QJsonValue cwd = object->value(CwdKey);
        if (!isNonEmptyString(file) || (!cwd.isUndefined() && !cwd.isString())) {
            parsed.refusal = InstanceRefusal::badRequest(
                QStringLiteral("The file in the message is not a path."));
            return parsed;
        }
        request = InstanceRequest::openFile(file.toString(), cwd.toString());
        // A relative path means nothing without the sender's folder.
        if (QDir::isRelativePath(request.file) && !QDir::isAbsolutePath(request.cwd)) {
            parsed.refusal = InstanceRefusal::badRequest(
                QStringLiteral("The message has a relative path but no folder it is relative to."));
        }
    } else if (hasReference) {
        const QJsonValue reference = object->value(ReferenceKey);
        if (!reference.isString()) {
            parsed.refusal = InstanceRefusal::badRequest(
                QStringLiteral("The call in the message is not text."));
            return parsed;
        }
        request = InstanceRequest::fetch(reference.toString());
    } else if (hasSample) {
        if (object->value(SampleKey) != QJsonValue(true)) {
            parsed.refusal = InstanceRefusal::badRequest(
                QStringLiteral("\u201Csample\u201D in the message is not true."));
            return parsed;
        }
        request = InstanceRequest::sample();
    }
    return parsed;
}

InstanceRefusal check(const InstanceRequest &request)
{
    switch (request.kind) {
    case InstanceRequest::Kind::Reference: {
        const CallReference reference = CallReference::parse(request.reference);
        if (!reference.isValid())
            return {InstanceRefusal::Reason::InvalidReference, reference.error};
        return {};
    }
    case InstanceRequest::Kind::File: {
        // Checked, not read, by the reader the window and the command line use: the same words,
        // and a FIFO or a device refused by its type before anything waits on it.
        const CallFile::Result file = CallFile::check(request.absoluteFile(), request.file);
        if (file.isOk())
            return {};
        return fileRefusal(file.problem, file.message);
    }
    case InstanceRequest::Kind::Sample:
    case InstanceRequest::Kind::Activate:
        break;
    }
    return {};
}

InstanceRefusal fileRefusal(CallFile::Problem problem, const QString &message)
{
    if (problem == CallFile::Problem::None)
        return {};
    return {problem == CallFile::Problem::NotFound ? InstanceRefusal::Reason::MissingFile
                                                   : InstanceRefusal::Reason::UnreadableFile,
            message};
}

QByteArray reply(const InstanceRefusal &refusal)
{
    QJsonObject object{{OkKey, !refusal.isRefused()}};
    if (refusal.isRefused()) {
        object.insert(ReasonKey, reasonName(refusal.reason));
        object.insert(ErrorKey, refusal.message);
    }
    return QJsonDocument(object).toJson(QJsonDocument::Compact) + '\n';
}

InstanceRefusal parseReply(const QByteArray &line)
{
    QString error;
    const std::optional<QJsonObject> object = parseLine(line, &error);
    if (!object || !object->value(OkKey).isBool())
        return InstanceRefusal::badRequest(
            QStringLiteral("The running window gave an answer this version does not understand."));
    if (object->value(OkKey).toBool())
        return {};
    const QString message = object->value(ErrorKey).toString();
    // The sender prints the message as the reason it exits non-zero: never an empty line.
    return {reasonFromName(object->value(ReasonKey).toString()),
            message.isEmpty() ? QStringLiteral("The running window refused the request.") : message};
}

} // namespace InstanceProtocol

} // namespace Revox
