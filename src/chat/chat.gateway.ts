import { OnModuleDestroy, OnModuleInit, UseFilters } from '@nestjs/common';
import { ConnectedSocket, OnGatewayConnection, OnGatewayDisconnect, WebSocketGateway } from '@nestjs/websockets';
import { IncomingMessage } from 'node:http';
import { Subscription } from 'rxjs';
import { WebSocket } from 'ws';
import { Clock } from '../clock/clock';
import { MessagesService } from '../messages/messages.service';
import { PresenceService } from '../presence/presence.service';
import { PushService } from '../push/push.service';
import { CryptoService } from '../crypto/crypto.service';
import {
  CLOSE_CODES,
  frame,
  ServerFrame,
  SESSION_FULL_MESSAGE,
  SESSION_REPLACED_MESSAGE,
  UserId,
} from '../protocol/events';
import { UsersService } from '../users/users.service';
import { ChatConnections } from './chat-connections';
import { connectOptions } from './connect-options';
import { EditMessageDto } from './dto/edit-message.dto';
import { PushSubscribeDto, PushUnsubscribeDto } from './dto/push-subscription.dto';
import { HistoryStream } from './history-stream';
import { OnClientEvent } from './on-client-event';
import { EmptyPayloadDto } from './dto/empty-payload.dto';
import { MessageRefDto } from './dto/message-ref.dto';
import { SendMessageDto } from './dto/send-message.dto';
import { TabVisibilityDto } from './dto/tab-visibility.dto';
import { WsErrorFilter } from '../transport/ws-error.filter';
import { sendError, sendFrame } from '../transport/ws-frames';
import { ValidPayload } from '../transport/ws-validation';

/** `ws://host/ws/{user_id}`: one socket per user; each frame type is one handler. */
@WebSocketGateway({ path: '/ws' })
@UseFilters(WsErrorFilter)
export class ChatGateway implements OnGatewayConnection, OnGatewayDisconnect, OnModuleInit, OnModuleDestroy {
  private readonly subscriptions = new Subscription();
  /** Messages live in this process's memory only: clients learn of a restart from this. */
  private startedAt = '';

  constructor(
    private readonly connections: ChatConnections,
    private readonly historyStream: HistoryStream,
    private readonly messages: MessagesService,
    private readonly presence: PresenceService,
    private readonly users: UsersService,
    private readonly crypto: CryptoService,
    private readonly push: PushService,
    private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    this.startedAt = this.clock.now().toISOString();
    this.subscriptions.add(
      this.messages.deletions$.subscribe((deleted) => this.connections.sendToBoth(frame('message_deleted', deleted))),
    );
    this.subscriptions.add(
      this.presence.statusChanges$.subscribe((view) =>
        this.connections.send(this.users.peerOf(view.user_id), frame('status_update', view)),
      ),
    );
    this.subscriptions.add(
      this.presence.typingChanges$.subscribe(({ userId, typing }) =>
        this.connections.send(
          this.users.peerOf(userId),
          frame(typing ? 'typing' : 'stop_typing', { user_id: userId, user_name: this.users.nameOf(userId) }),
        ),
      ),
    );
  }

  onModuleDestroy(): void {
    this.subscriptions.unsubscribe();
  }

  handleConnection(socket: WebSocket, request: IncomingMessage): void {
    const userId = this.users.idFromUrl(request.url);
    if (userId === undefined) {
      sendError(socket, 'invalid_user', 'the user id must be 1 or 2');
      socket.close(CLOSE_CODES.invalidUser, 'invalid user');
      return;
    }
    const claim = this.connections.claim(userId, socket, connectOptions(request.url));
    if (claim.outcome === 'full') {
      sendFrame(socket, frame('session_full', { message: SESSION_FULL_MESSAGE }));
      socket.close(CLOSE_CODES.sessionFull, 'session full');
      return;
    }
    if (claim.outcome === 'replaced' && claim.resumed) {
      claim.previous.terminate(); // the same window, back from a drop: nobody to tell
    } else if (claim.outcome === 'replaced') {
      sendFrame(claim.previous, frame('session_replaced', { message: SESSION_REPLACED_MESSAGE }));
      claim.previous.close(CLOSE_CODES.sessionReplaced, 'session replaced');
    }
    this.welcome(userId, socket, claim.sessionId);
  }

  handleDisconnect(socket: WebSocket): void {
    const userId = this.connections.release(socket);
    if (userId !== undefined) {
      this.presence.disconnect(userId);
    }
  }

  @OnClientEvent('chat_message')
  onChatMessage(@ConnectedSocket() socket: WebSocket, @ValidPayload() dto: SendMessageDto): ServerFrame | void {
    const senderId = this.connections.userOf(socket);
    const receiverId = this.users.peerOf(senderId);
    const resent = dto.client_id === undefined ? undefined : this.messages.findByClientId(senderId, dto.client_id);
    if (resent !== undefined) {
      return frame('chat_message', resent); // sent before the connection dropped: the sender alone hears of it
    }
    this.messages.send(
      {
        senderId,
        content: dto.content,
        encrypted: dto.encrypted,
        charCount: dto.char_count,
        messageType: dto.message_type,
        receiverConnected: this.presence.isConnected(receiverId),
        clientId: dto.client_id,
      },
      (message) => this.connections.sendToBoth(frame('chat_message', message), receiverId),
    );
    if (!this.presence.isOnline(receiverId)) {
      this.push.notify(receiverId);
    }
    this.presence.stopTyping(senderId);
    this.presence.recordActivity(senderId);
  }

  @OnClientEvent('message_read')
  onMessageRead(@ConnectedSocket() socket: WebSocket, @ValidPayload() dto: MessageRefDto): ServerFrame | void {
    const readerId = this.connections.userOf(socket);
    const { receipt, firstRead } = this.messages.markRead(readerId, dto.message_id);
    this.presence.recordActivity(readerId);
    if (!firstRead) {
      return frame('message_read', receipt);
    }
    this.connections.sendToBoth(frame('message_read', receipt));
  }

  @OnClientEvent('edit_message')
  onEditMessage(@ConnectedSocket() socket: WebSocket, @ValidPayload() dto: EditMessageDto): void {
    const senderId = this.connections.userOf(socket);
    const receiverId = this.users.peerOf(senderId);
    const edited = this.messages.edit({
      senderId,
      messageId: dto.message_id,
      content: dto.content,
      encrypted: dto.encrypted,
      charCount: dto.char_count,
      receiverConnected: this.presence.isConnected(receiverId),
    });
    this.connections.sendToBoth(frame('message_edited', edited), receiverId);
    this.presence.recordActivity(senderId);
  }

  @OnClientEvent('delete_message')
  onDeleteMessage(@ConnectedSocket() socket: WebSocket, @ValidPayload() dto: MessageRefDto): void {
    const senderId = this.connections.userOf(socket);
    this.connections.sendToBoth(frame('message_deleted', this.messages.unsend(senderId, dto.message_id)));
    this.presence.recordActivity(senderId);
  }

  @OnClientEvent('push_subscribe')
  onPushSubscribe(@ConnectedSocket() socket: WebSocket, @ValidPayload() dto: PushSubscribeDto): void {
    this.push.subscribe(this.connections.userOf(socket), { endpoint: dto.endpoint, keys: { ...dto.keys } });
  }

  @OnClientEvent('push_unsubscribe')
  onPushUnsubscribe(@ConnectedSocket() socket: WebSocket, @ValidPayload() dto: PushUnsubscribeDto): void {
    this.push.unsubscribe(this.connections.userOf(socket), dto.endpoint);
  }

  @OnClientEvent('typing')
  onTyping(@ConnectedSocket() socket: WebSocket, @ValidPayload() _dto: EmptyPayloadDto): void {
    this.presence.startTyping(this.connections.userOf(socket));
  }

  @OnClientEvent('stop_typing')
  onStopTyping(@ConnectedSocket() socket: WebSocket, @ValidPayload() _dto: EmptyPayloadDto): void {
    this.presence.stopTyping(this.connections.userOf(socket));
  }

  @OnClientEvent('tab_visibility')
  onTabVisibility(@ConnectedSocket() socket: WebSocket, @ValidPayload() dto: TabVisibilityDto): void {
    this.presence.setTabActive(this.connections.userOf(socket), dto.is_active);
  }

  @OnClientEvent('clear_all')
  onClearAll(@ConnectedSocket() socket: WebSocket, @ValidPayload() _dto: EmptyPayloadDto): void {
    const userId = this.connections.userOf(socket);
    const count = this.messages.clearAll();
    this.connections.sendToBoth(
      frame('clear_all', { cleared_by: userId, cleared_by_name: this.users.nameOf(userId), count }),
    );
  }

  @OnClientEvent('heartbeat')
  onHeartbeat(@ValidPayload() _dto: EmptyPayloadDto): ServerFrame {
    return frame('heartbeat', { timestamp: this.clock.now().toISOString() });
  }

  /**
   * connection_info first (with the oldest history that fits it, the rest streamed after), then
   * the peer hears the user is online and what was delivered.
   */
  private welcome(userId: UserId, socket: WebSocket, sessionId: string): void {
    const peerId = this.users.peerOf(userId);
    const delivered = this.messages.deliverPendingTo(userId);
    const history = this.messages.openHistory();
    sendFrame(
      socket,
      frame('connection_info', {
        user_id: userId,
        user_name: this.users.nameOf(userId),
        other_user: this.presence.view(peerId),
        messages: history.messages,
        unread_count: this.messages.unreadCountFor(userId),
        history_pending: history.pending,
        session_id: sessionId,
        server_time: this.clock.now().toISOString(),
        server_started_at: this.startedAt,
        limits: { max_content_bytes: this.messages.maxContentBytes },
        e2e: { required: this.messages.requiresE2e, salt: this.crypto.e2eSalt },
        ...(this.push.publicKey === undefined ? {} : { push: { vapid_public_key: this.push.publicKey } }),
      }),
    );
    this.historyStream.send(socket, history.rest);
    this.presence.connect(userId);
    for (const receipt of delivered) {
      this.connections.send(peerId, frame('message_delivered', receipt));
    }
  }
}
