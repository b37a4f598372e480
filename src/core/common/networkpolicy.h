#pragma once

#include <QByteArray>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QUrl>

class QNetworkAccessManager;

// How the app talks HTTP, the same for the API client (and so the watcher) and the recording
// downloader. Each keeps its own QNetworkAccessManager (the recording downloader's never sees the
// API key); what they send and how they follow, time out and cancel is decided here.
//
// Cancelling, in both: cancel() ends the transfer at once (nothing more is sent or read) and the
// outcome, Cancelled, is reported asynchronously and exactly once, like every other outcome. A
// cancel() after the outcome was decided, or a second one, changes nothing.
namespace Revox::NetworkPolicy {

// Redirects are followed by hand, each hop checked and sent as a fresh request; one more than
// this fails the transfer.
constexpr int MaxRedirects = 5;

// "revox-inspector/<version>", on every request the app sends.
QByteArray userAgent();

// Qt never follows a redirect for a manager set up here.
void configure(QNetworkAccessManager &manager);

// A GET as the app sends every one: manual redirects, no cookies read or stored, no credentials
// reused from another request, nothing from or into a cache, the user agent, and a transfer that
// receives nothing for `transferTimeoutMs` ends (see endedByTransferTimeout()). Callers add what
// is theirs (Accept, the API key).
QNetworkRequest request(const QUrl &url, int transferTimeoutMs);

// Scheme, host (case-insensitively) and port (the scheme's default when absent) are the same.
bool sameOrigin(const QUrl &a, const QUrl &b);

// Whether a reply ended because its transfer timeout ran out. Qt 6.4 aborts such a reply, so it
// ends with OperationCanceledError like the caller's own aborts: `abortedByCaller` tells them
// apart.
bool endedByTransferTimeout(QNetworkReply::NetworkError error, bool abortedByCaller);

} // namespace Revox::NetworkPolicy
