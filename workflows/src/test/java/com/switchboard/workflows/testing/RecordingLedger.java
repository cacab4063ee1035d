package com.switchboard.workflows.testing;

import com.switchboard.workflows.ledger.AdmitCall;
import com.switchboard.workflows.ledger.CloseCall;
import com.switchboard.workflows.ledger.LedgerActivities;
import com.switchboard.workflows.ledger.OpenCall;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Remembers every ledger call. */
public final class RecordingLedger implements LedgerActivities {
    public final List<OpenCall> opened = new CopyOnWriteArrayList<>();
    public final List<AdmitCall> admitted = new CopyOnWriteArrayList<>();
    public final List<CloseCall> closed = new CopyOnWriteArrayList<>();

    @Override
    public long openCall(OpenCall request) {
        opened.add(request);
        return opened.size();
    }

    @Override
    public void admitCall(AdmitCall request) {
        admitted.add(request);
    }

    @Override
    public void closeCall(CloseCall request) {
        closed.add(request);
    }
}
