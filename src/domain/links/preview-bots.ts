/**
 * Link-preview fetchers. When a message with a link is sent, WhatsApp, Telegram, Slack and the
 * like fetch the address themselves to draw a preview card, before (or without) anyone tapping
 * it. Such a fetch is logged but must never count as the customer's click, or every delivered
 * message would look clicked. Matched on the product tokens each one documents in its
 * User-Agent. Plain HTTP tools (curl, wget) are people testing the link, so they count.
 */
const PREVIEW_AGENTS: readonly RegExp[] = [
  /^WhatsApp\//i, // WhatsApp's fetcher: "WhatsApp/2.23.20.0 A" (its in-app browser is a normal browser)
  /facebookexternalhit|Facebot|meta-externalagent/i, // Facebook, Instagram, Messenger; iMessage borrows it
  /Slackbot|Slack-ImgProxy/i,
  /TelegramBot/i,
  /Twitterbot/i,
  /Discordbot/i,
  /LinkedInBot/i,
  /Googlebot|Google-InspectionTool|Google-PageRenderer|Storebot-Google/i,
  /bingbot|BingPreview/i,
  /SkypeUriPreview/i, // Skype and Microsoft Teams
  /vkShare/i,
  /redditbot|Pinterestbot|Embedly|Iframely|Mattermost-Bot|Applebot|YandexBot/i,
];

/** Whether the User-Agent is a preview fetcher or crawler rather than a person's browser. */
export function isPreviewBot(userAgent: string | undefined | null): boolean {
  if (!userAgent) return false;
  return PREVIEW_AGENTS.some((pattern) => pattern.test(userAgent));
}
