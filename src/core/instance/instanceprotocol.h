#pragma once

#include "core/call/callfile.h"

#include <QByteArray>
#include <QMetaType>
#include <QString>

namespace Revox {

// What a second start of the app asks the running window to do. On the local socket it is one
// line of compact JSON (no JSON text contains a raw newline, so '\n' ends it):
//   {"version":1,"cwd":"/home/me","file":"call.json"}   open a saved response
//   {"version":1,"reference":"revox-inspector://call/x"} fetch a call
//   {"version":1,"sample":true}                         open the bundled sample call
//   {"version":1}                                       nothing to open: raise the window
// The answer is one line: {"ok":true} or {"ok":false,"reason":"invalid-reference","error":"…"}.
// The API key never travels: the running window fetches with its own.
struct InstanceRequest
{
    enum class Kind { Activate, File, Reference, Sample };

    Kind kind = Kind::Activate;
    QString file;      // as typed; relative paths are relative to `cwd`
    QString cwd;       // the sender's working folder
    QString reference; // as typed: parsed later exactly as the call field parses it

    static constexpr int Version = 1;
    // A request is a few hundred bytes; a longer line is not one of ours and is refused unread.
    static constexpr int MaxMessageBytes = 8 * 1024;

    static InstanceRequest activate() { return {}; }
    static InstanceRequest openFile(const QString &file, const QString &cwd);
    static InstanceRequest fetch(const QString &reference);
    static InstanceRequest sample();

    // `file` resolved against `cwd`.
    QString absoluteFile() const;
    QByteArray toMessage() const;
};

// Why a request was not carried out. Each reason has the command line's exit status for the
// same mistake (see ExitStatus::forRefusal).
struct InstanceRefusal
{
    enum class Reason { None, InvalidReference, MissingFile, UnreadableFile, BadRequest };

    Reason reason = Reason::None;
    QString message;

    bool isRefused() const { return reason != Reason::None; }

    static InstanceRefusal badRequest(const QString &message)
    {
        return {Reason::BadRequest, message};
    }
};

struct ParsedInstanceMessage
{
    InstanceRequest request;
    InstanceRefusal refusal; // set when the line is not a request this version understands
};

namespace InstanceProtocol {

// Strict: unknown versions, wrong types, several things to open at once are all refused.
ParsedInstanceMessage parseRequest(const QByteArray &line);

// Checks a well-formed request as the command line checks its argument, without reading the
// file: a reference must pass CallReference::parse, a file must pass CallFile::check. The
// refusal's text is the one the command line prints (or the window shows) for the same argument.
InstanceRefusal check(const InstanceRequest &request);
// The refusal for a saved call file that CallFile refused: MissingFile when there is no such
// file, UnreadableFile for one that is not, or cannot be, a call.
InstanceRefusal fileRefusal(CallFile::Problem problem, const QString &message);

QByteArray reply(const InstanceRefusal &refusal);
// A missing or malformed answer reads as a BadRequest refusal.
InstanceRefusal parseReply(const QByteArray &line);

} // namespace InstanceProtocol

} // namespace Revox

Q_DECLARE_METATYPE(Revox::InstanceRequest)
