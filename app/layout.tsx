import type { Metadata } from 'next'
import { APP_NAME } from '@/lib/pages'
import './globals.css'

export const metadata: Metadata = {
  // Each page names itself (lib/pages.ts); the app's name follows: "Board · StockPulse".
  title: { default: APP_NAME, template: `%s · ${APP_NAME}` },
  description: 'Real-time inventory intelligence for retail',
}

export default function RootLayout({ children }: { children: React.ReactNode }) {
  return (
    <html lang="en">
      <body className="min-h-screen">
        <a href="#main" className="skip-link">Skip to main content</a>
        {children}
      </body>
    </html>
  )
}
