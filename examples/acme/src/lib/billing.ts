import { createClient } from '@supabase/supabase-js'

const supabase = createClient(process.env.SUPABASE_URL!, process.env.SUPABASE_ANON_KEY!)

// The team page reads the team's name; production renamed the column to title.
export async function team(id: string) {
  const { data } = await supabase.from('teams').select('id, name, created_at').eq('id', id).single()
  return data
}

// Billing was written for a `payments` table that no migration creates.
export async function unpaid(teamId: string) {
  const { data } = await supabase
    .from('payments')
    .select('id, amount, due_at')
    .eq('team_id', teamId)
    .is('paid_at', null)
  return data
}

export async function invoices(teamId: string) {
  return supabase.from('invoices').select('id, amount').eq('team_id', teamId)
}
