package com.switchboard.livekit.simulator;

import java.util.ArrayList;
import java.util.List;
import livekit.LivekitModels.ListUpdate;

/** LiveKit's ListUpdate semantics, validation included (an update that changes nothing is refused). */
final class ListUpdates {
    private ListUpdates() {}

    static List<String> apply(List<String> current, ListUpdate update) {
        boolean change = update.getSetCount() + update.getAddCount() + update.getRemoveCount() > 0;
        if (!update.getClear() && !change) {
            throw TwirpException.invalidArgument("unsupported list update operation");
        }
        if (update.getClear() && change) {
            throw TwirpException.invalidArgument("cannot clear and change the list at the same time");
        }
        if (update.getSetCount() > 0 && update.getAddCount() + update.getRemoveCount() > 0) {
            throw TwirpException.invalidArgument("cannot set and change the list at the same time");
        }
        if (update.getClear()) {
            return List.of();
        }
        if (update.getSetCount() > 0) {
            return List.copyOf(update.getSetList());
        }
        List<String> out = new ArrayList<>(current);
        out.removeAll(update.getRemoveList());
        for (String add : update.getAddList()) {
            if (!out.contains(add)) {
                out.add(add);
            }
        }
        return out;
    }
}
