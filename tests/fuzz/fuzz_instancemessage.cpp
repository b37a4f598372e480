// libFuzzer target: any line another local process could send to the open window's
// single-instance socket, and any answer a window could send back. A line is either refused with
// a reason the sender can print, or a request that survives a round trip unchanged; an answer is
// always read as accepted or refused, never more.
#include "core/instance/instanceprotocol.h"

#include <cstddef>
#include <cstdint>
#include <cstdlib>

namespace {

void check(bool ok)
{
    if (!ok)
        std::abort();
}

bool sameRequest(const Revox::InstanceRequest &a, const Revox::InstanceRequest &b)
{
    return a.kind == b.kind && a.file == b.file && a.cwd == b.cwd && a.reference == b.reference;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray line(reinterpret_cast<const char *>(data), qsizetype(size));
    const Revox::ParsedInstanceMessage parsed = Revox::InstanceProtocol::parseRequest(line);
    if (parsed.refusal.isRefused()) {
        check(!parsed.refusal.message.isEmpty()); // every refusal explains itself
    } else {
        const QByteArray again = parsed.request.toMessage();
        const Revox::ParsedInstanceMessage reparsed = Revox::InstanceProtocol::parseRequest(
            again.endsWith('\n') ? again.chopped(1) : again);
        check(!reparsed.refusal.isRefused());
        check(sameRequest(parsed.request, reparsed.request));
    }
    const Revox::InstanceRefusal answer = Revox::InstanceProtocol::parseReply(line);
    check(!answer.isRefused() || !answer.message.isEmpty());
    return 0;
}
