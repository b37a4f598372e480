// libFuzzer target: any bytes through the call parser and everything that renders a parsed call
// as text. Must never crash, hang or trip a sanitizer, and the parser's two ways of reading a body
// (transcripts a slice at a time, or one parse tree) must never disagree.
#include "../support/parseagreement.h"
#include "core/call/callparser.h"
#include "core/call/format.h"
#include "core/export/textreport.h"

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray body = QByteArray::fromRawData(reinterpret_cast<const char *>(data),
                                                    qsizetype(size));
    const Revox::CallParseResult result = Revox::CallParser::parse(body);
    const QString sliced = Revox::TestSupport::fingerprint(result);
    const QString whole = Revox::TestSupport::fingerprint(Revox::CallParser::parseWhole(body));
    if (sliced != whole) {
        std::fprintf(stderr,
                     "parse() and parseWhole() disagree:\n%s\n----\n%s\n",
                     qPrintable(sliced),
                     qPrintable(whole));
        std::abort();
    }
    if (!result.isValid())
        return result.error.message.isEmpty() ? -1 : 0; // every failure must explain itself
    const Revox::Call &call = *result.call;
    Revox::TextReport::callSummary(call);
    const int count = int(call.callAttempts.size());
    for (int i = 0; i < count; ++i) {
        const Revox::CallAttempt &attempt = call.callAttempts.at(i);
        Revox::TextReport::attemptHeader(attempt, i + 1, count);
        Revox::TextReport::transcript(attempt, true);
        Revox::Format::localTime(attempt.startedAt);
    }
    return 0;
}
