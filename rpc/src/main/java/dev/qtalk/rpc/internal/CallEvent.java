package dev.qtalk.rpc.internal;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/** One rpc call, on the side that made or served it; its duration is the call's. */
@Name("dev.qtalk.rpc.Call")
@Label("qtalk RPC Call")
@Category({"qtalk", "RPC"})
@Description("An rpc call, made (client) or served (server)")
@StackTrace(false)
public final class CallEvent extends Event {
  @Label("Side") @Description("client or server") public String side;
  @Label("Selector") public String selector;
  @Label("Outcome") @Description("OK, ERROR, CANCELLED, REFUSED or FAILED") public String outcome;
  @Label("Remote Address") public String remote;
}
