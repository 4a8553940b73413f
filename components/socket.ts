'use client'
/** The browser's one Socket.IO connection, created on first use and shared by every component. */
import { io, type Socket } from 'socket.io-client'

let socket: Socket | undefined

export function getSocket(): Socket {
  socket ??= io({ withCredentials: true, transports: ['websocket', 'polling'] })
  return socket
}
