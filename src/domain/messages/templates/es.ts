import type { TemplateSet } from './types.ts';

/**
 * Spanish, neutral between Spain and Latin America: "tú", "cita", "horario" (not "turno" or
 * "hueco"); nothing gendered about the customer; time away only after "Hace" ("Hace 1 año",
 * "Hace 5 semanas"), where every number agrees; never "libre" next to the offer.
 */
export const ES: TemplateSet = {
  gentle: {
    general: [
      '¡Hola, {{firstName}}! Hace {{away}} de tu última visita y nos acordamos de ti 😊 ¿Te reservamos una cita? — {{business}}',
      '¡Hola, {{firstName}}! Te escribimos para saludarte. Cuando quieras volver, responde a este mensaje y te buscamos un horario. — {{business}}',
      '¡Hola, {{firstName}}! ¿Toca repetir {{lastService}}? Tenemos {{slots}}. ¿Te viene bien alguno? — {{business}}',
      '¡Hola, {{firstName}}! Te echamos de menos. ¿Quieres reservar una cita? Solo responde a este mensaje 😊',
    ],
    plain: ['¡Hola! Te echamos de menos. ¿Quieres reservar una cita? Solo responde a este mensaje 😊'],
    personal: [
      '¡Hola, {{firstName}}! Soy {{staff}}, del equipo de {{business}}. ¡Hace tiempo que no nos vemos! Tengo disponible {{staffSlots}}. ¿Te lo reservo?',
      '¡Hola, {{firstName}}! Soy {{staff}}. Me acordé de ti y quería saber si te gustaría volver a reservar conmigo. Respóndeme por aquí 😊',
    ],
    mix: [
      '¡Hola, {{firstName}}! Además de {{lastService}}, ¿ya probaste {{suggestion}}? Combinan muy bien. ¿Te lo reservamos la próxima vez? — {{business}}',
      '¡Hola, {{firstName}}! ¿Te animas a probar {{suggestion}} en tu próxima visita? Tenemos {{slot}}. ¿Lo reservamos? — {{business}}',
    ],
    discount: [
      '¡Hola, {{firstName}}! Te echamos de menos 😊 Para tu próxima visita tienes un {{offer}} de descuento. ¿Reservamos? — {{business}}',
      '¡Hola, {{firstName}}! ¿Repetimos {{lastService}} con un {{offer}} de descuento? Tenemos {{slot}}. — {{business}}',
    ],
    condition: [
      '¡Hola, {{firstName}}! Tenemos una condición especial para ti: un {{offer}} de descuento en tu próxima visita. ¿Quieres reservar? — {{business}}',
      '¡Hola, {{firstName}}! Por ser cliente de la casa, tienes una condición especial: {{offer}} de descuento en {{lastService}}. Tenemos {{slots}}. ¿Cuál prefieres?',
    ],
  },
  offer: {
    general: [
      '¡Hola, {{firstName}}! Hace {{away}} que no te vemos y nos encantaría verte de nuevo. Tenemos {{slots}}. ¿Cuál te viene mejor? — {{business}}',
      '¡Hola, {{firstName}}! Es momento de cuidarte otra vez 💛 ¿Te reservamos {{lastService}}? Responde aquí y te guardamos un horario. — {{business}}',
      '¡Hola, {{firstName}}! Hace tiempo que no vienes y te echamos de menos. ¿Reservamos una cita esta semana? Solo responde aquí.',
    ],
    plain: [
      '¡Hola! Hace tiempo que no vienes y te echamos de menos. ¿Reservamos una cita esta semana? Solo responde aquí.',
    ],
    personal: [
      '¡Hola, {{firstName}}! Soy {{staff}}. Hace {{away}} que no nos vemos. Tengo disponible {{staffSlots}}. ¿Te reservo?',
      '¡Hola, {{firstName}}! Soy {{staff}}, de {{business}}. Esta semana tengo espacios en la agenda y pensé en ti. ¿Buscamos un horario?',
    ],
    mix: [
      '¡Hola, {{firstName}}! ¿Ya conoces {{suggestion}}? Va muy bien con {{lastService}}. ¿Reservamos los dos? — {{business}}',
      '¡Hola, {{firstName}}! ¿Qué tal probar {{suggestion}} esta vez? Tenemos {{slots}}. ¿Cuál prefieres? — {{business}}',
    ],
    discount: [
      '¡Hola, {{firstName}}! Te echamos de menos: tienes un {{offer}} de descuento para tu regreso. Tenemos {{slots}}. ¿Cuál te viene bien? — {{business}}',
      '¡Hola, {{firstName}}! Disfruta de {{lastService}} con un {{offer}} de descuento. Responde aquí y te reservamos. — {{business}}',
    ],
    condition: [
      '¡Hola, {{firstName}}! Preparamos una condición especial para tu regreso: un {{offer}} de descuento en tu próxima visita. ¿Reservamos? — {{business}}',
      '¡Hola, {{firstName}}! Tienes una condición exclusiva: {{offer}} de descuento en {{lastService}}. Tenemos {{slot}}. ¿Te lo reservamos? — {{business}}',
    ],
  },
  win_back: {
    general: [
      '¡Hola, {{firstName}}! Hace {{away}} de tu última visita y de verdad te echamos de menos. Nos encantaría recibirte otra vez. ¿Reservamos una cita? — {{business}}',
      '¡Hola, {{firstName}}! ¡Cuánto tiempo! 💛 Nos encantaría volver a verte. Tenemos {{slots}}. ¿Te viene bien alguno? — {{business}}',
      '¡Hola, {{firstName}}! Ha pasado mucho tiempo desde tu última visita y te echamos de menos. ¿Vuelves? Solo responde a este mensaje.',
    ],
    plain: [
      '¡Hola! Ha pasado mucho tiempo desde tu última visita y te echamos de menos. ¿Vuelves? Solo responde a este mensaje.',
    ],
    personal: [
      '¡Hola, {{firstName}}! Soy {{staff}}. Hace {{away}} que no nos vemos y me encantaría volver a atenderte. Tengo disponible {{staffSlots}}. ¿Te reservo?',
      '¡Hola, {{firstName}}! Soy {{staff}}, de {{business}}. Hace mucho que no te veo y me encantaría atenderte de nuevo. ¿Buscamos un horario?',
    ],
    mix: [
      '¡Hola, {{firstName}}! Vuelve y prueba {{suggestion}}, creemos que te va a encantar. ¿Te reservamos una cita? — {{business}}',
      '¡Hola, {{firstName}}! La próxima vez, ¿qué tal sumar {{suggestion}} a {{lastService}}? Responde aquí y buscamos un horario. — {{business}}',
    ],
    discount: [
      '¡Hola, {{firstName}}! Queremos verte de vuelta, por eso te guardamos un {{offer}} de descuento para tu próxima visita. ¿Reservamos? — {{business}}',
      '¡Hola, {{firstName}}! Hace {{away}} de tu última visita. Vuelve con un {{offer}} de descuento: tenemos {{slot}}. ¿Lo reservamos?',
    ],
    condition: [
      '¡Hola, {{firstName}}! Para recibirte de nuevo, preparamos una condición especial: un {{offer}} de descuento en tu próxima visita. ¿Quieres reservar? — {{business}}',
      '¡Hola, {{firstName}}! Te echamos de menos. Tienes una condición exclusiva: {{offer}} de descuento. Tenemos {{slots}}. ¿Cuál prefieres?',
    ],
  },
};
