import { EmptyPayload } from '../../protocol/events';

/** `{}`: the payload of `typing`, `stop_typing`, `clear_all` and `heartbeat`. Extra keys are refused. */
export class EmptyPayloadDto implements EmptyPayload {}
