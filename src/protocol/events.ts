/**
 * The wire protocol, declared once: every frame is `{ type, data }` in both directions.
 * Field names are public API (docs/protocol.md, docs/asyncapi.yaml); the server, the tests and the
 * web client import these.
 */
export type UserId = 1 | 2;
export const USER_IDS: readonly UserId[] = [1, 2];

export const MESSAGE_TYPES = ['text', 'emoji', 'image', 'gif'] as const;
export type MessageType = (typeof MESSAGE_TYPES)[number];

export type MessageStatus = 'sent' | 'delivered' | 'read';
export type PresenceStatus = 'online' | 'away' | 'offline';

export const CLIENT_EVENTS = [
  'chat_message',
  'message_read',
  'typing',
  'stop_typing',
  'tab_visibility',
  'clear_all',
  'heartbeat',
  'delete_message',
  'edit_message',
  'push_subscribe',
  'push_unsubscribe',
] as const;
export type ClientEventType = (typeof CLIENT_EVENTS)[number];

export interface ChatMessagePayload {
  id: string;
  sender_id: UserId;
  sender_name: string;
  receiver_id: UserId;
  content: string;
  message_type: MessageType;
  status: MessageStatus;
  created_at: string;
  char_count: number;
  /** True when `content` is end-to-end ciphertext the server cannot read (docs/protocol.md). */
  encrypted: boolean;
  read_at?: string;
  delete_at?: string;
  /** Present once the sender has edited the message. */
  edited_at?: string;
  /** The sending client's own id for the message, echoed when it sent one. */
  client_id?: string;
}

export interface PeerView {
  user_id: UserId;
  user_name: string;
  status: PresenceStatus;
  is_tab_active: boolean;
  /** Last activity while connected, or the moment of disconnect; null if not seen since the start. */
  last_seen: string | null;
}

export type StatusUpdatePayload = PeerView;

export interface ConnectionInfoPayload {
  user_id: UserId;
  user_name: string;
  other_user: PeerView;
  messages: ChatMessagePayload[];
  unread_count: number;
  /** Messages that did not fit this frame; they follow at once as `chat_message` frames, oldest first. */
  history_pending: number;
  /** This connection's id, for `?resume=` after a drop. */
  session_id: string;
  /** The server's clock when the frame was made, to correct countdowns for clock skew. */
  server_time: string;
  /** When this server process started: a change means a restart, which loses every message. */
  server_started_at: string;
  limits: { max_content_bytes: number };
  e2e: { required: boolean; salt: string };
  /** Present when the server sends Web Push: the key a browser subscribes with. */
  push?: { vapid_public_key: string };
}

export type DeletionReason = 'expired' | 'unsent';

export interface MessageDeletedPayload {
  message_id: string;
  reason: DeletionReason;
  /** Who unsent it (with reason `unsent`). */
  deleted_by?: UserId;
}

export interface MessageEditedPayload {
  message_id: string;
  content: string;
  char_count: number;
  encrypted: boolean;
  edited_at: string;
  status: MessageStatus;
}

export interface MessageReadPayload {
  message_id: string;
  read_at: string;
  delete_at: string;
}

export interface MessageDeliveredPayload {
  message_id: string;
  delivered_at: string;
}

export interface UserRefPayload {
  user_id: UserId;
  user_name: string;
}

export interface ClearAllPayload {
  cleared_by: UserId;
  cleared_by_name: string;
  count: number;
}

export const ERROR_CODES = [
  'invalid_json',
  'unknown_type',
  'invalid_payload',
  'payload_too_large',
  'message_not_found',
  'not_receiver',
  'rate_limited',
  'storage_full',
  'invalid_user',
  'not_sender',
  'not_editable',
  'e2e_required',
  'internal_error',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export interface ErrorPayload {
  code: ErrorCode;
  message: string;
}

/** Every server-to-client frame, keyed by its `type`. */
export interface ServerEventMap {
  connection_info: ConnectionInfoPayload;
  chat_message: ChatMessagePayload;
  message_read: MessageReadPayload;
  message_delivered: MessageDeliveredPayload;
  message_deleted: MessageDeletedPayload;
  message_edited: MessageEditedPayload;
  status_update: StatusUpdatePayload;
  typing: UserRefPayload;
  stop_typing: UserRefPayload;
  clear_all: ClearAllPayload;
  heartbeat: { timestamp: string };
  session_full: { message: string };
  session_replaced: { message: string };
  error: ErrorPayload;
}
export type ServerEventType = keyof ServerEventMap;

export type ServerFrame = {
  [K in ServerEventType]: { type: K; data: ServerEventMap[K] };
}[ServerEventType];

export interface ChatMessageRequest {
  content: string;
  message_type?: MessageType;
  /** End-to-end ciphertext (`e2e1.` + base64url); then `char_count` is required. */
  encrypted?: boolean;
  char_count?: number;
  client_id?: string;
}

export interface EditMessageRequest {
  message_id: string;
  content: string;
  encrypted?: boolean;
  char_count?: number;
}

export interface MessageRefRequest {
  message_id: string;
}

/** A browser's Web Push subscription, as `PushSubscription.toJSON()` gives it. */
export interface PushSubscribeRequest {
  endpoint: string;
  keys: { p256dh: string; auth: string };
}

export interface PushUnsubscribeRequest {
  endpoint: string;
}

export interface TabVisibilityRequest {
  is_active: boolean;
}

/** `{}`: a payload with no fields (extra keys are refused). */
export type EmptyPayload = Record<never, never>;

/** Every client-to-server frame, keyed by its `type`. */
export interface ClientEventMap {
  chat_message: ChatMessageRequest;
  message_read: MessageRefRequest;
  typing: EmptyPayload;
  stop_typing: EmptyPayload;
  tab_visibility: TabVisibilityRequest;
  clear_all: EmptyPayload;
  heartbeat: EmptyPayload;
  delete_message: MessageRefRequest;
  edit_message: EditMessageRequest;
  push_subscribe: PushSubscribeRequest;
  push_unsubscribe: PushUnsubscribeRequest;
}

export type ClientFrame = {
  [K in ClientEventType]: { type: K; data: ClientEventMap[K] };
}[ClientEventType];

export function frame<K extends ServerEventType>(type: K, data: ServerEventMap[K]): ServerFrame {
  return { type, data } as ServerFrame;
}

export const SESSION_FULL_MESSAGE = 'Chat session is full. Max 2 users allowed.';
export const SESSION_REPLACED_MESSAGE = 'This chat was opened in another window or device.';

/** WebSocket close codes the server uses (4000-4999 are application-defined). */
export const CLOSE_CODES = {
  normal: 1000,
  goingAway: 1001,
  policyViolation: 1008,
  sessionReplaced: 4002,
  sessionFull: 4003,
  invalidUser: 4004,
} as const;
