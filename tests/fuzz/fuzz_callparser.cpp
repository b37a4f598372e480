// libFuzzer target: any bytes through the call parser and everything that renders a parsed call
// as text. Must never crash, hang or trip a sanitizer.
#include "callparser.h"
#include "format.h"
#include "textreport.h"

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray body = QByteArray::fromRawData(reinterpret_cast<const char *>(data), qsizetype(size));
    const Revox::CallParseResult result = Revox::CallParser::parse(body);
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
