import { createRegistry } from "@bufbuild/protobuf";
import {
  file_google_protobuf_any,
  file_google_protobuf_duration,
  file_google_protobuf_field_mask,
  file_google_protobuf_struct,
  file_google_protobuf_timestamp,
  file_google_protobuf_wrappers,
} from "@bufbuild/protobuf/wkt";
import { file_flow_flow } from "../../gen/flow/flow_pb.ts";
import { file_observer_observer } from "../../gen/observer/observer_pb.ts";
import { file_relay_relay } from "../../gen/relay/relay_pb.ts";

/**
 * Every type a Hubble JSON line can name in a `google.protobuf.Any` "@type"
 * (e.g. `Flow.extensions`). protobuf-es needs a registry to read or write an
 * Any as JSON; without one any Any value is an error.
 */
export const FLOW_TYPE_REGISTRY = createRegistry(
  file_flow_flow,
  file_observer_observer,
  file_relay_relay,
  file_google_protobuf_any,
  file_google_protobuf_duration,
  file_google_protobuf_field_mask,
  file_google_protobuf_struct,
  file_google_protobuf_timestamp,
  file_google_protobuf_wrappers,
);
