#include "core/call/callparser.h"

#include "core/call/callreader.h"
#include "core/call/transcriptreader.h"
#include "core/call/transcriptslices.h"
#include "core/common/corelogging.h"

#include <QJsonDocument>
#include <QJsonParseError>

namespace Revox {

namespace {

using CallReading::Reader;
using CallReading::ShapeError;
using CallReading::SliceError;
using CallReading::Slices;

QString apiErrorMessage(const QJsonObject &root)
{
    const QJsonValue error = root.value(QLatin1String("error"));
    QString text;
    if (error.isString())
        text = error.toString();
    else if (error.isObject())
        text = error.toObject().value(QLatin1String("message")).toString();
    if (text.isEmpty())
        text = root.value(QLatin1String("message")).toString();
    return text.left(500);
}

CallParseResult failure(CallParseError::Kind kind, const QString &message)
{
    CallParseResult result;
    result.error = {kind, message};
    qCDebug(lcParser) << "rejected response:" << message;
    return result;
}

bool looksLikeHtml(const QByteArray &body)
{
    const QByteArray start = body.left(256).trimmed().toLower();
    return start.startsWith("<!doctype html") || start.startsWith("<html")
           || start.startsWith("<?xml") || start.startsWith("<head") || start.startsWith("<body");
}

CallParseResult readRoot(const QJsonObject &root, const Slices &slices)
{
    const QJsonValue callValue = root.value(QLatin1String("call"));
    if (!callValue.isObject()) {
        const QString apiMessage = apiErrorMessage(root);
        if (!callValue.isUndefined() && !callValue.isNull()) {
            return failure(CallParseError::Kind::WrongType,
                           QStringLiteral("`call` should be an object but is %1.")
                               .arg(CallReading::jsonTypeName(callValue)));
        }
        if (!apiMessage.isEmpty()) {
            return failure(CallParseError::Kind::ApiError,
                           QStringLiteral("The server answered with an error instead of a call: %1")
                               .arg(apiMessage));
        }
        return failure(CallParseError::Kind::NoCall,
                       callValue.isNull()
                           ? QStringLiteral(
                               "The response has `\"call\": null`: there is no call in it.")
                           : QStringLiteral(
                               "The response has no `call` object, so it is not a call."));
    }

    CallParseResult result;
    try {
        result.call = CallReading::readCall(Reader(callValue.toObject(),
                                                   QStringLiteral("call"),
                                                   &result.warnings),
                                            slices);
    } catch (const ShapeError &shape) {
        return failure(CallParseError::Kind::WrongType,
                       QStringLiteral("The response is not a valid call: %1").arg(shape.message));
    }
    if (!result.warnings.isEmpty())
        qCDebug(lcParser) << "call parsed with" << result.warnings.size() << "warnings";
    return result;
}

// The call read with its transcripts cut out of the parse tree and read a slice at a time (see
// TranscriptSlices). Only a call read in full is returned: for anything else the body is parsed
// whole, so every problem is named exactly as a whole parse names it.
std::optional<CallParseResult> readSliced(const QByteArray &body)
{
    const std::optional<TranscriptSlices> found = TranscriptSlices::find(body);
    if (!found)
        return std::nullopt;
    QJsonParseError error;
    const QJsonDocument skeleton = QJsonDocument::fromJson(found->skeleton, &error);
    if (error.error != QJsonParseError::NoError || !skeleton.isObject()
        || !skeleton.object().value(QLatin1String("call")).isObject())
        return std::nullopt;
    try {
        CallParseResult result = readRoot(skeleton.object(), Slices{&body, &*found});
        if (result.isValid())
            return result;
    } catch (const SliceError &) {
    }
    return std::nullopt;
}

} // namespace

CallParseResult CallParser::parse(const QByteArray &body)
{
    if (std::optional<CallParseResult> sliced = readSliced(body))
        return std::move(*sliced);
    return parseWhole(body);
}

CallParseResult CallParser::parseWhole(const QByteArray &body)
{
    if (body.trimmed().isEmpty())
        return failure(CallParseError::Kind::EmptyBody, QStringLiteral("The response was empty."));
    if (looksLikeHtml(body)) {
        return failure(CallParseError::Kind::HtmlPage,
                       QStringLiteral("The server sent a web page instead of call data. "
                                      "Check that the base URL points at the Revox API."));
    }

    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(body, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        const auto offset = parseError.offset;
        if (parseError.error == QJsonParseError::IllegalUTF8String) {
            return failure(CallParseError::Kind::InvalidUtf8,
                           QStringLiteral("The response contains invalid UTF-8 text near byte %1.")
                               .arg(offset));
        }
        // A body cut short ends unterminated, or the parser reports another error at its end.
        const bool unterminated = parseError.error == QJsonParseError::UnterminatedObject
                                  || parseError.error == QJsonParseError::UnterminatedArray
                                  || parseError.error == QJsonParseError::UnterminatedString;
        if (unterminated || offset >= body.trimmed().size()) {
            return failure(CallParseError::Kind::Truncated,
                           QStringLiteral("The response ends too early (cut off after %1 bytes); "
                                          "the connection may have dropped. Try again.")
                               .arg(body.size()));
        }
        return failure(CallParseError::Kind::NotJson,
                       QStringLiteral("The response is not valid JSON: %1 near byte %2.")
                           .arg(parseError.errorString())
                           .arg(offset));
    }
    if (!document.isObject()) {
        return failure(
            CallParseError::Kind::NotAnObject,
            QStringLiteral(
                "The response is JSON but not an object (it is %1), so it is not a call.")
                .arg(document.isArray() ? QStringLiteral("a list")
                                        : QStringLiteral("a single value")));
    }
    return parseDocument(document.object());
}

CallParseResult CallParser::parseDocument(const QJsonObject &root)
{
    return readRoot(root, Slices{});
}

} // namespace Revox
